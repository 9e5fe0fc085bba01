import { describe, expect, it } from 'vitest';
import { runCompiled, sent } from '../../tests/harness/compiled-flow.js';

const texts: Record<string, string[]> = { 'q.red': ['Red', 'Nyekundu'], 'q.blue': ['Blue', 'Bluu'] };

/** Runs a compiled flow as an actor, collecting the effects it emits, like the engine does. */
const run = (yaml: string, input?: Record<string, unknown>) =>
  runCompiled(yaml, { compile: { textsOf: (key) => texts[key] ?? [] }, input });

describe('say', () => {
  it('sends a message with every answer and its own vars filled in, and an image', () => {
    const flow = run(`
steps:
  - { name: color, ask: text, message: q.color, retry: { message: q.again } }
  - name: show
    say: q.shown
    vars: { shade: 'dark {{color}}', n: 3 }
    media: { type: image, url: 'https://example.org/{{color}}.png' }
`);
    expect(flow.says('red')).toEqual([
      {
        type: 'send',
        params: {
          key: 'q.shown',
          vars: { color: 'red', shade: 'dark red', n: 3 },
          media: { type: 'image', url: 'https://example.org/red.png' },
        },
      },
    ]);
    expect(flow.done()).toBe(true);
  });
});

describe('ask', () => {
  const textAsk = `
steps:
  - name: nickname
    ask: text
    message: q.nickname
    min: 2
    max: 5
    example: Juma
    retry: { message: q.again, limit: 2, then: tooBad }
  - { name: thanks, say: q.thanks, goto: end }
  - { name: tooBad, say: q.tooBad }
`;

  it('waits tagged awaiting, stores a valid answer under its name, and goes on', () => {
    const flow = run(textAsk);
    expect(flow.state()).toBe('nickname');
    expect(flow.waiting()).toBe(true);
    expect(sent(flow.started)).toEqual([{ key: 'q.nickname', vars: { example: 'Juma' } }]);
    expect(sent(flow.says('Ali'))).toEqual([{ key: 'q.thanks', vars: { nickname: 'Ali' } }]);
    expect(flow.answers()).toEqual({ nickname: 'Ali' });
    expect(flow.done()).toBe(true);
  });

  it('re-asks up to its limit, then goes where the retry says', () => {
    const flow = run(textAsk);
    expect(sent(flow.says('A'))).toEqual([{ key: 'q.again', vars: { example: 'Juma' } }]);
    expect(sent(flow.says('Too long'))).toEqual([{ key: 'q.again', vars: { example: 'Juma' } }]);
    expect(flow.state()).toBe('nickname');
    expect(sent(flow.says('B'))).toEqual([{ key: 'q.tooBad', vars: {} }]);
    expect(flow.done()).toBe(true);
  });

  it('text does not take a tapped button', () => {
    const flow = run(textAsk);
    expect(sent(flow.taps('Ali'))).toEqual([{ key: 'q.again', vars: { example: 'Juma' } }]);
  });

  it('choice: up to three options as buttons; taken by id, number or words in any language', () => {
    const choice = `
steps:
  - name: color
    ask: choice
    message: q.color
    options: [{ id: red, message: q.red }, { id: blue, message: q.blue }]
    retry: { message: q.again }
  - { name: after, wait: message }
`;
    const flow = run(choice);
    expect(sent(flow.started)).toEqual([
      {
        key: 'q.color',
        vars: {},
        buttons: [
          { id: 'red', key: 'q.red' },
          { id: 'blue', key: 'q.blue' },
        ],
      },
    ]);
    flow.says('bluu');
    expect(flow.answers()).toEqual({ color: 'blue' });
    const byNumber = run(choice);
    byNumber.says('1');
    expect(byNumber.answers()).toEqual({ color: 'red' });
    const again = run(choice);
    expect(sent(again.says('green'))[0]).toMatchObject({
      key: 'q.again',
      buttons: [{ id: 'red' }, { id: 'blue' }],
    });
  });

  it('choice: more than three options as a list opened by the `list` button', () => {
    const flow = run(`
steps:
  - name: rating
    ask: choice
    message: q.rate
    list: q.choose
    options: [{ id: '1', message: q.r1 }, { id: '2', message: q.r2 }, { id: '3', message: q.r3 }, { id: '4', message: q.r4 }]
    retry: { message: q.again }
`);
    expect(sent(flow.started)[0]).toEqual({
      key: 'q.rate',
      vars: {},
      list: {
        buttonKey: 'q.choose',
        rows: ['1', '2', '3', '4'].map((id) => ({ id, key: `q.r${id}` })),
      },
    });
    flow.taps('4');
    expect(flow.answers()).toEqual({ rating: '4' });
  });

  it('number, time and language store typed values', () => {
    const flow = run(`
steps:
  - { name: age, ask: number, message: q.age, min: 10, max: 99, retry: { message: q.again } }
  - { name: time, ask: time, message: q.time, retry: { message: q.again } }
  - { name: lang, ask: language, message: q.lang, save: language, retry: { message: q.again } }
  - { name: rest, wait: message }
`);
    expect(sent(flow.says('5'))[0]).toMatchObject({ key: 'q.again' });
    flow.says('42');
    expect(sent(flow.says('7pm'))[0]).toMatchObject({
      key: 'q.lang',
      buttons: [
        { id: 'en', key: 'ask.language.en' },
        { id: 'sw', key: 'ask.language.sw' },
      ],
    });
    flow.says('Kiswahili');
    expect(flow.answers()).toEqual({ age: 42, time: '19:00', language: 'sw' });
  });

  it('timezone offers a default from the input with a button; yes takes it', () => {
    const zone = `
steps:
  - name: zone
    ask: timezone
    message: q.zone
    default: { value: '{{input.zone}}', button: q.keepZone }
    retry: { message: q.again }
  - { name: rest, wait: message }
`;
    const flow = run(zone, { zone: 'Africa/Nairobi' });
    expect(sent(flow.started)).toEqual([
      {
        key: 'q.zone',
        vars: { default: 'Africa/Nairobi' },
        buttons: [{ id: 'default', key: 'q.keepZone', vars: { value: 'Africa/Nairobi' } }],
      },
    ]);
    flow.says('yes');
    expect(flow.answers()).toEqual({ zone: 'Africa/Nairobi' });
    const typed = run(zone, { zone: 'Africa/Nairobi' });
    expect(sent(typed.says('Mars/Olympus'))[0]).toMatchObject({ key: 'q.again' });
    typed.says('europe/london');
    expect(typed.answers()).toEqual({ zone: 'Europe/London' });
    // Without an input there is nothing to offer: no button, and yes is not an answer.
    const none = run(zone);
    expect(sent(none.started)[0]).toEqual({ key: 'q.zone', vars: {} });
    expect(sent(none.says('yes'))[0]).toMatchObject({ key: 'q.again' });
  });
});

describe('set, call, start, schedule and branch', () => {
  const flowText = `
steps:
  - { name: name, ask: text, message: q.name, retry: { message: q.again } }
  - { name: time, ask: time, message: q.time, retry: { message: q.again } }
  - name: saveProfile
    set: { name: '{{name}}', learning.lessonTime: '{{time}}', learning.onboarded: true }
  - name: firstLesson
    schedule: lesson
    at: '{{time}}'
    days: 1
  - name: record
    call: onboarding.complete
    with: { time: '{{time}}', via: yaml }
  - name: route
    branch:
      - { if: name, equals: admin, goto: toWelcome }
      - { if: input.fromMenu, exists: true, goto: waitForLesson }
    otherwise: waitForLesson
  - name: toWelcome
    start: welcome
    with: { name: '{{name}}' }
  - name: waitForLesson
    wait: timer
    timer: lesson
    reply: q.soon
  - { name: lessonTime, say: q.lesson }
`;

  it('emits updateProfile, schedule and callService effects with answers filled in', () => {
    const flow = run(flowText);
    flow.says('Amina');
    expect(flow.says('7:30')).toEqual([
      {
        type: 'updateProfile',
        params: { name: 'Amina', learning: { lessonTime: '07:30', onboarded: true } },
      },
      { type: 'schedule', params: { name: 'test.lesson', at: { time: '07:30', days: 1 } } },
      {
        type: 'callService',
        params: { service: 'onboarding.complete', input: { time: '07:30', via: 'yaml' } },
      },
    ]);
    expect(flow.state()).toBe('waitForLesson');
  });

  it('wait: timer answers a learner meanwhile and goes on when its timer fires', () => {
    const flow = run(flowText);
    flow.says('Amina');
    flow.says('07:30');
    expect(sent(flow.says('hello?'))).toEqual([{ key: 'q.soon' }]);
    expect(flow.fires('other.timer')).toEqual([]);
    expect(sent(flow.fires('test.lesson'))).toEqual([
      { key: 'q.lesson', vars: { name: 'Amina', time: '07:30' } },
    ]);
    expect(flow.done()).toBe(true);
  });

  it('branch takes the first condition that holds; start hands over to another flow and ends this one', () => {
    const flow = run(flowText);
    flow.says('ADMIN');
    const effects = flow.says('07:30');
    expect(effects.at(-1)).toEqual({
      type: 'startFlow',
      params: { flow: 'welcome', input: { name: 'ADMIN' } },
    });
    expect(flow.done()).toBe(true);
  });
});

describe('wait for a message', () => {
  const waiting = `
steps:
  - name: comment
    wait: message
    message: q.comment
    timeout: { after: 2h, goto: noComment }
  - { name: thanks, say: q.thanks, goto: end }
  - { name: noComment, say: q.noComment }
`;

  it('schedules its timeout, and cancels it when the learner writes', () => {
    const flow = run(waiting);
    expect(flow.started).toEqual([
      { type: 'send', params: { key: 'q.comment', vars: {} } },
      { type: 'schedule', params: { name: 'test.comment.timeout', delay: '2h' } },
    ]);
    expect(flow.taps('stale-button')).toEqual([]);
    expect(flow.says('Great!')).toEqual([
      { type: 'cancelTimer', params: { name: 'test.comment.timeout' } },
      { type: 'send', params: { key: 'q.thanks', vars: { comment: 'Great!' } } },
    ]);
  });

  it('takes the timeout branch when its timer fires', () => {
    const flow = run(waiting);
    expect(sent(flow.fires('test.comment.timeout'))).toEqual([{ key: 'q.noComment', vars: {} }]);
    expect(flow.done()).toBe(true);
  });
});

describe('samples', () => {
  it('cover every option, a wrong answer, every timer and every branch value', () => {
    const flow = run(`
steps:
  - name: color
    ask: choice
    message: q.color
    options: [{ id: red, message: q.red }, { id: blue, message: q.blue }]
    retry: { message: q.again }
  - { name: comment, wait: message, timeout: { after: 1h, goto: end } }
  - { name: check, branch: [{ if: comment, in: [skip, no], goto: end }] }
  - { name: done, end: true }
`).flow;
    const inputs = flow.samples.map((e) =>
      e.type === 'timer.fired' ? `timer ${e.name}` : e.type === 'learner.message' ? e.input : e.type,
    );
    expect(inputs).toEqual(['red', 'blue', '?', 'timer test.comment.timeout', 'Thank you', 'skip', 'no']);
  });
});
