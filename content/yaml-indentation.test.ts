import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { findIndentationMistake } from './yaml-indentation.js';

describe('findIndentationMistake', () => {
  it('finds a key indented deeper than the text above it', () => {
    expect(findIndentationMistake('title:\n  en: Needs or wants?\n   sw: Hitaji\nbody: x\n')).toEqual({
      line: 3,
      indent: 3,
      expected: 2,
      kind: 'deeper',
    });
  });

  it('finds a key that lines up with no group above it', () => {
    const text = 'quiz:\n  - id: q1\n    question:\n      en: Which?\n     sw: Kipi?\n    answer: a\n';
    expect(findIndentationMistake(text)).toEqual({ line: 5, indent: 5, expected: 6, kind: 'unaligned' });
    expect(findIndentationMistake('quiz:\n  - id: q1\n   type: single\n')).toMatchObject({
      line: 3,
      expected: 4,
    });
    // An item lines up with the items it follows.
    expect(findIndentationMistake('steps:\n  - bot: Hi\n    buttons: [A]\n   - tap: A\n')).toMatchObject({
      line: 4,
      expected: 2,
    });
  });

  it('accepts lists at their key or deeper, block and quoted texts, flow groups and comments', () => {
    // Valid YAML (the parser agrees below), so nothing is wrong with it.
    const text = [
      'lessons:',
      '- a',
      '- b',
      'body:',
      '  en: |',
      '    *Bold*, then',
      '      an indented line: with a colon',
      '  sw: >-',
      '    folded',
      'quiz:',
      '  # a comment',
      '  - id: q1',
      '    text: { en: This one,',
      '        sw: Hiki }',
      "    note: 'a quote that,",
      "       goes on: here'",
      '    options:',
      '      - id: a',
      '        text:',
      '          en: Yes',
      '  - id: q2',
      'title: x',
    ].join('\n');
    expect(parseDocument(text).errors).toEqual([]);
    expect(findIndentationMistake(text)).toBeNull();
  });

  it('finds nothing in the real lessons', () => {
    for (const file of [
      'money-basics/lessons/needs-and-wants.yaml',
      'safe-online/lessons/lock-your-phone.yaml',
    ])
      expect(findIndentationMistake(readFileSync(`content/courses/${file}`, 'utf8'))).toBeNull();
  });
});
