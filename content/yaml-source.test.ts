import { describe, expect, it } from 'vitest';
import { checkSchema, formatProblem, parseYaml } from './yaml-source.js';

const course = [
  'title: Money basics', // 1
  'lessons:', // 2
  '  - slug: budgeting', // 3
  '    quiz:', // 4
  '      - question: What is a budget?', // 5
  '        options: [A plan, A loan]', // 6
  '      - question: Pick one', // 7
  '        options:', // 8
  '          - Yes', // 9
  '          - 42', // 10
  '  - slug: saving', // 11
  '    title:', // 12
  '      en: Saving', // 13
  '',
].join('\n');

const schema = {
  type: 'object',
  required: ['title', 'lessons'],
  additionalProperties: false,
  properties: {
    title: { type: 'string' },
    lessons: {
      type: 'array',
      items: {
        type: 'object',
        required: ['slug', 'title'],
        additionalProperties: false,
        properties: {
          slug: { type: 'string' },
          title: {
            type: 'object',
            required: ['en', 'sw'],
            properties: { en: { type: 'string' }, sw: { type: 'string' } },
            errorMessage: {
              required: { sw: 'title has no Swahili text (hint: add `sw:` under `title:`)' },
            },
          },
          quiz: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                question: { type: 'string' },
                options: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};

describe('parseYaml', () => {
  it('finds nodes in nested sequences and maps by their line and column', () => {
    const source = parseYaml('course.yaml', course);
    expect(source.problems).toEqual([]);
    expect(source.at(['title'])).toEqual({ line: 1, col: 8 });
    expect(source.at(['lessons', 0, 'slug'])).toEqual({ line: 3, col: 11 });
    expect(source.at(['lessons', 0, 'quiz', 1, 'question'])).toEqual({ line: 7, col: 19 });
    expect(source.at(['lessons', 0, 'quiz', 0, 'options', 1])).toEqual({ line: 6, col: 27 });
    expect(source.at(['lessons', 0, 'quiz', 1, 'options', 1])).toEqual({ line: 10, col: 13 });
    expect(source.at(['lessons', 1, 'title', 'en'])).toEqual({ line: 13, col: 11 });
  });

  it('shows a group under a key at its key, and a list item where it starts', () => {
    const source = parseYaml('course.yaml', course);
    expect(source.at(['lessons', 1, 'title'])).toEqual({ line: 12, col: 5 });
    expect(source.at(['lessons', 0, 'quiz'])).toEqual({ line: 4, col: 5 });
    expect(source.at(['lessons', 1])).toEqual({ line: 11, col: 5 });
  });

  it('falls back to the nearest existing node for a path that does not exist', () => {
    const source = parseYaml('course.yaml', course);
    expect(source.at(['lessons', 1, 'title', 'sw'])).toEqual({ line: 12, col: 5 });
    expect(source.at(['lessons', 7, 'slug'])).toEqual({ line: 2, col: 1 });
    expect(parseYaml('empty.yaml', '').at(['title'])).toEqual({ line: 1, col: 1 });
  });

  it('reports syntax errors with line, column and a hint instead of throwing', () => {
    const source = parseYaml('bad.yaml', 'title: ok\ntitle: again\nbody: Note: pay first\n');
    expect(source.problems.map(formatProblem)).toEqual([
      'bad.yaml:2:1 error yaml-syntax: Map keys must be unique (hint: each key may appear once in a group; remove or rename one of them)',
      'bad.yaml:3:7 error yaml-syntax: Nested mappings are not allowed in compact mappings (hint: a text that contains ": " must be in quotes, e.g. `body: "Note: …"`)',
    ]);
    expect(parseYaml('x.yaml', 'a: "never closed\n').problems[0]).toMatchObject({
      line: 2,
      col: 1,
      rule: 'yaml-syntax',
    });
  });

  it('reports a key indented wrongly as one error on its own line, naming the spaces', () => {
    // The parser alone says "Nested mappings…" and "Implicit keys…" at the line above.
    const deeper = parseYaml('a.yaml', 'title:\n  en: Needs or wants?\n   sw: Hitaji\nbody: x\n');
    expect(deeper.problems.map(formatProblem)).toEqual([
      'a.yaml:3:4 error yaml-syntax: this line is indented 3 spaces, deeper than the line above it, which opens no group (hint: indentation: give it 2 spaces like the line above, or end that line with `:` to start a group)',
    ]);
    const unaligned = parseYaml(
      'b.yaml',
      'quiz:\n  - id: q1\n    question:\n      en: Which?\n     sw: Kipi?\n',
    );
    expect(unaligned.problems.map(formatProblem)).toEqual([
      'b.yaml:5:6 error yaml-syntax: this line is indented 5 spaces and lines up with no group above it (hint: indentation: give it 6 spaces like the other lines of its group)',
    ]);
  });

  it('keeps only the first syntax error of a line', () => {
    const source = parseYaml('c.yaml', 'title:\n  en: Note: it: has colons\n');
    expect(source.problems).toHaveLength(1);
  });
});

describe('checkSchema', () => {
  it('puts each schema error on the YAML node it is about, with the rule and a hint', () => {
    const source = parseYaml('course.yaml', course);
    const problems = checkSchema(source, schema).map(formatProblem);
    expect(problems).toEqual([
      'course.yaml:3:5 error required: "lesson 1" has no "title" (hint: add `title:`)',
      'course.yaml:10:13 error type: "lesson 1 › question 2 › option 2" must be a text (hint: write a text here)',
      'course.yaml:12:5 error required: title has no Swahili text (hint: add `sw:` under `title:`)',
    ]);
  });

  it('reports a missing property at its parent and an unknown one at its own key', () => {
    const source = parseYaml('c.yaml', 'lessons:\n  - slug: a\n    titel: x\n    title: { en: A, sw: A }\n');
    expect(checkSchema(source, schema).map(formatProblem)).toEqual([
      'c.yaml:1:1 error required: this file has no "title" (hint: add `title:`)',
      'c.yaml:3:5 error additionalProperties: "titel" is not a known field of "lesson 1" (hint: did you mean `title:`?)',
    ]);
  });

  it('reports a misspelt required field once, at the misspelling, with "did you mean"', () => {
    const source = parseYaml('m.yaml', 'title: T\nlessons:\n  - slug: a\n    titel: { en: A, sw: B }\n');
    expect(checkSchema(source, schema).map(formatProblem)).toEqual([
      'm.yaml:4:5 error misnamed-field: "lesson 1" has no "title", and "titel" is not one of its fields (hint: did you mean `title:`?)',
    ]);
  });

  it('suggests the allowed value a typo is close to', () => {
    const kinds = { type: 'object', properties: { type: { enum: ['single', 'multiple'] } } };
    const [problem] = checkSchema(parseYaml('k.yaml', 'type: multple\n'), kinds);
    expect(problem).toMatchObject({ line: 1, col: 7, rule: 'enum', hint: 'did you mean `multiple`?' });
    expect(checkSchema(parseYaml('k.yaml', 'type: essay\n'), kinds)[0]?.hint).toBe(
      'use one of the listed values',
    );
  });

  it('finds nothing wrong in a valid file', () => {
    const source = parseYaml('ok.yaml', 'title: T\nlessons:\n  - slug: a\n    title: { en: A, sw: B }\n');
    expect(checkSchema(source, schema)).toEqual([]);
  });

  it('treats an empty file as an empty group, so every required field is named', () => {
    const rules = checkSchema(parseYaml('e.yaml', '# nothing yet\n'), schema).map((p) => p.message);
    expect(rules).toEqual(['this file has no "title"', 'this file has no "lessons"']);
  });
});
