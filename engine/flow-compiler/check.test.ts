import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkFlow } from './check.js';
import type { FlowSpec } from './spec.js';

const check = (steps: string, missing: string[] = []) =>
  checkFlow(parse(`flow: test\nversion: 1\ndescription: A test\nsteps:\n${steps}`) as FlowSpec, {
    flows: new Set(['welcome']),
    missingMessage: (key) => (missing.includes(key) ? ['sw'] : []),
  }).map(({ path, rule, message }) => `${path.join('.')} ${rule}: ${message}`);

describe('checkFlow', () => {
  it('accepts a flow whose steps all connect', () => {
    expect(
      check(`
  - { name: comment, wait: message, timeout: { after: 1h, goto: bye } }
  - { name: thanks, say: q.thanks, goto: end }
  - { name: bye, say: q.bye }
`),
    ).toEqual([]);
  });

  it('finds steps that go round in a circle without waiting', () => {
    expect(
      check(`
  - { name: one, say: q.one }
  - { name: two, call: x.y, goto: one }
`),
    ).toEqual([
      'steps.1.goto loop-without-wait: steps "one" … "two" go round in a circle without waiting for the learner',
    ]);
  });

  it('checks the fields each ask kind and wait kind may have', () => {
    expect(
      check(`
  - name: code
    ask: text
    pattern: '[0-9]{4}'
    message: q.code
    retry: { message: q.again }
  - name: pin
    ask: number
    example: '12345'
    max: 9999
    options: [{ id: a, message: q.a }, { id: a, message: q.b }]
    message: q.pin
    retry: { message: q.again }
  - name: color
    ask: choice
    options: [{ id: a, message: q.a }, { id: a, message: q.b }]
    message: q.color
    retry: { message: q.again }
  - { name: nap, wait: timer, timer: snooze, save: x }
`),
    ).toEqual([
      'steps.0.pattern ask-field: a text with a pattern needs an example',
      'steps.1.options ask-field: "options" does not apply to ask: number',
      'steps.2.options.1.id duplicate-option: option id "a" is used twice',
      'steps.3.timer wait-timer: no schedule step sets the timer "snooze"',
      'steps.3.save wait-field: "save" does not apply to wait: timer',
    ]);
  });

  it('checks that an example is an answer the step accepts', () => {
    expect(
      check(`
  - { name: pin, ask: number, max: 9999, example: '12345', message: q.pin, retry: { message: q.again } }
`),
    ).toEqual(['steps.0.example ask-field: the example "12345" is not an answer this step accepts']);
  });

  it('names the language a message is missing from, including the language buttons', () => {
    expect(
      check(`  - { name: lang, ask: language, message: q.lang, retry: { message: q.again } }`, [
        'ask.language.sw',
      ]),
    ).toEqual(['steps.0.ask unknown-message: message "ask.language.sw" is not in content/messages/sw.yaml']);
  });
});
