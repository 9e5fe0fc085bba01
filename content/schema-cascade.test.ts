import { describe, expect, it } from 'vitest';
import { describePath, oneErrorPerMistake, type FoundProblem } from './schema-cascade.js';
import type { Problem } from './yaml-source.js';

const problem = (message: string): Problem => ({
  file: 'l.yaml',
  line: 1,
  col: 1,
  severity: 'error',
  rule: 'x',
  message,
});

describe('oneErrorPerMistake', () => {
  it('drops what a field that may not be here causes below it, and keeps unrelated problems', () => {
    const found: FoundProblem[] = [
      { problem: problem('"answer" does not belong here'), at: ['quiz', 0], unwanted: 'answer' },
      { problem: problem('answer must be a text'), at: ['quiz', 0, 'answer'] },
      { problem: problem('difficulty is wrong'), at: ['quiz', 0, 'difficulty'] },
      { problem: problem('needs options'), at: ['quiz', 1], missing: 'options' },
    ];
    expect(oneErrorPerMistake(found).map((p) => p.message)).toEqual([
      '"answer" does not belong here',
      'difficulty is wrong',
      'needs options',
    ]);
  });

  it('turns a misnamed field and the missing one into one error at the misnamed field', () => {
    const found: FoundProblem[] = [
      { problem: problem('a multiple-select question needs answers'), at: ['quiz', 0], missing: 'answers' },
      { problem: problem('"answer" does not belong here'), at: ['quiz', 0], unwanted: 'answer' },
      // Another question's unknown field is no stand-in for this one's missing field.
      { problem: problem('"answers" is unknown'), at: ['quiz', 1], unwanted: 'answerz' },
    ];
    expect(oneErrorPerMistake(found)).toEqual([
      {
        ...problem('a multiple-select question needs answers, and "answer" is not one of its fields'),
        rule: 'misnamed-field',
        hint: 'did you mean `answers:`?',
      },
      problem('"answers" is unknown'),
    ]);
  });
});

describe('oneErrorPerMistake with fields of which one would do (anyOf)', () => {
  const text = (extra: FoundProblem[]): FoundProblem[] => [
    { problem: problem('has no "accepted"'), at: ['quiz', 0], missing: 'accepted', alternative: true },
    { problem: problem('has no "pattern"'), at: ['quiz', 0], missing: 'pattern', alternative: true },
    { problem: problem('needs accepted answers or a pattern'), at: ['quiz', 0], alternatives: true },
    { problem: problem('has no "difficulty"'), at: ['quiz', 0], missing: 'difficulty' },
    ...extra,
  ];

  it('says "one of these" once, keeping a separate missing field', () => {
    expect(oneErrorPerMistake(text([])).map((p) => p.message)).toEqual([
      'needs accepted answers or a pattern',
      'has no "difficulty"',
    ]);
  });

  it('reports only the misnamed field when one of them was misspelt', () => {
    const misspelt = { problem: problem('"acepted" is unknown'), at: ['quiz', 0], unwanted: 'acepted' };
    expect(oneErrorPerMistake(text([misspelt])).map((p) => p.hint ?? p.message)).toEqual([
      'has no "difficulty"',
      'did you mean `accepted:`?',
    ]);
  });
});

describe('describePath', () => {
  it('counts positions from 1 and names the items', () => {
    expect(describePath(['quiz', 0, 'options', 2, 'text'])).toBe('question 1 › option 3 › text');
    expect(describePath(['steps', 1, 'default'])).toBe('step 2 › default');
    expect(describePath(['tags', 0])).toBe('tags item 1');
    expect(describePath(['title'])).toBe('title');
  });
});
