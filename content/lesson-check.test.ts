import { describe, expect, it } from 'vitest';
import { checkLesson } from './lesson-check.js';
import { fieldsOf } from './sources.js';
import { parseYaml } from './yaml-source.js';

const LONG = 'An option far longer than any button';

/** A one-question lesson of `type` with three options, the last one long. */
function lessonWith(type: 'single' | 'multiple'): string {
  const answer = type === 'single' ? 'answer: a' : 'answers: [a, b]';
  return [
    'quiz:',
    '  - id: q1',
    `    type: ${type}`,
    '    options:',
    '      - { id: a, text: { en: Yes } }',
    '      - { id: b, text: { en: No }, explanation: { en: Why. } }',
    `      - { id: c, text: { en: ${LONG} }, explanation: { en: Why. } }`,
    `    ${answer}`,
    '',
  ].join('\n');
}

describe('checkLesson: option titles WhatsApp would shorten', () => {
  it('warns about a single-choice option too long for its reply button, at its text', () => {
    const source = parseYaml('l.yaml', lessonWith('single'));
    const problems = checkLesson(source, fieldsOf(source.value), ['en']);
    expect(problems).toEqual([
      expect.objectContaining({ line: 7, rule: 'title-shortened', severity: 'warning' }),
    ]);
  });

  it('says nothing about multiple-select options: they are numbered lines in the message', () => {
    const source = parseYaml('l.yaml', lessonWith('multiple'));
    expect(checkLesson(source, fieldsOf(source.value), ['en'])).toEqual([]);
  });
});
