import { describe, expect, it } from 'vitest';
import type { LearnerProfile } from '../events.js';
import { checkFlow } from './check.js';
import type { FlowExtensions } from './extensions.js';
import { parse } from 'yaml';
import type { FlowSpec } from './spec.js';
import { runCompiled, sent } from '../../tests/harness/compiled-flow.js';

const AT = '2026-03-02T05:00:00.000Z';
const amina: LearnerProfile = {
  phone: '+254700000001',
  name: 'Amina',
  language: 'en',
  timezone: 'UTC',
  learning: {},
};
const COURSES: Record<string, { id: string; title: string }[]> = {
  en: [
    { id: 'money', title: 'Money basics' },
    { id: 'safety', title: 'Staying safe' },
  ],
  sw: [{ id: 'money', title: 'Misingi ya pesa' }],
};
const extensions: FlowExtensions = {
  optionSources: { courses: (learner) => COURSES[learner.language] ?? [] },
  learnerValues: {
    phoneZone: (learner) => (learner.phone.startsWith('+254') ? 'Africa/Nairobi' : undefined),
    clock: (_, at) => at.toISOString().slice(11, 16),
  },
  finishers: {
    'test.done': (answers, learner, at) => [
      { type: 'send', params: { key: 'q.done', vars: { ...answers, language: learner.language } } },
      { type: 'schedule', params: { name: 'daily', dueAt: at.toISOString() } },
    ],
  },
};

/** Runs a compiled flow with a learner on every event, as the engine sends them; returns what it sent. */
function run(yaml: string, learner: LearnerProfile = amina) {
  const flow = runCompiled(yaml, { compile: { extensions }, extras: { learner, at: AT } });
  return {
    ...flow,
    started: sent(flow.started),
    says: (text: string) => sent(flow.says(text, text)),
    taps: (id: string) => sent(flow.taps(id)),
  };
}

const courseAsk = `
steps:
  - { name: language, ask: language, message: q.language, retry: { message: q.again } }
  - { name: saveLanguage, set: { language: '{{language}}' } }
  - name: course
    ask: choice
    message: q.course
    options: { from: courses, message: q.option }
    list: q.courses
    retry: { message: q.courseAgain }
  - { name: rest, wait: message }
`;

describe('options from a source', () => {
  it('asks with the options the source gives, as buttons and as the numbered {{courses}}', () => {
    const flow = run(courseAsk);
    expect(flow.taps('en')).toEqual([
      {
        key: 'q.course',
        vars: { language: 'en', courses: '1. Money basics\n2. Staying safe' },
        buttons: [
          { id: 'money', key: 'q.option', vars: { answer: 'Money basics' } },
          { id: 'safety', key: 'q.option', vars: { answer: 'Staying safe' } },
        ],
      },
    ]);
  });

  it('sees the language the flow just set, before the engine has saved it', () => {
    const flow = run(courseAsk);
    expect(flow.taps('sw')[0]).toMatchObject({
      vars: { courses: '1. Misingi ya pesa' },
      buttons: [{ id: 'money', vars: { answer: 'Misingi ya pesa' } }],
    });
  });

  it('takes an option by id, number or title, and re-asks with the options again', () => {
    for (const answer of ['safety', '2', 'staying SAFE']) {
      const flow = run(courseAsk);
      flow.taps('en');
      flow.says(answer);
      expect(flow.answers()).toMatchObject({ course: 'safety' });
    }
    const flow = run(courseAsk);
    flow.taps('en');
    expect(flow.says('3')).toEqual([
      expect.objectContaining({
        key: 'q.courseAgain',
        vars: expect.objectContaining({ courses: '1. Money basics\n2. Staying safe' }),
      }),
    ]);
    expect(flow.state()).toBe('course');
  });
});

describe('learner values', () => {
  const zoneAsk = `
steps:
  - name: zone
    ask: timezone
    message: q.zone
    default: { value: '{{learner.phoneZone}}', button: q.zoneYes, message: q.proposeZone }
    vars: { who: '{{learner.name}}', now: '{{learner.clock}}' }
    retry: { message: q.zoneAgain, limit: unlimited }
  - { name: rest, wait: message }
`;

  it("fill texts and defaults: the phone's zone is proposed in its own words, once", () => {
    const flow = run(zoneAsk);
    // When the flow starts, before an event has told it who the learner is, there is nothing to propose.
    expect(flow.started).toEqual([{ key: 'q.zone', vars: { who: '', now: '00:00' } }]);
    const proposal = run(`
steps:
  - { name: hi, wait: message }
${zoneAsk.split('steps:\n')[1]}`);
    expect(proposal.says('hi')).toEqual([
      {
        key: 'q.proposeZone',
        vars: { hi: 'hi', who: 'Amina', now: '05:00', default: 'Africa/Nairobi' },
        buttons: [{ id: 'default', key: 'q.zoneYes', vars: { value: 'Africa/Nairobi' } }],
      },
    ]);
    // A re-ask is the plain question again, without the button; yes still takes the proposal.
    expect(proposal.says('Mars')).toEqual([
      { key: 'q.zoneAgain', vars: { hi: 'hi', who: 'Amina', now: '05:00', default: 'Africa/Nairobi' } },
    ]);
    proposal.says('yes');
    expect(proposal.answers()).toMatchObject({ zone: 'Africa/Nairobi' });
  });

  it('offer no default when the value is unknown (a phone from a country with several zones)', () => {
    const flow = run(
      `
steps:
  - { name: hi, wait: message }
${zoneAsk.split('steps:\n')[1]}`,
      { ...amina, phone: '+15550000000' },
    );
    expect(flow.says('hi')).toEqual([{ key: 'q.zone', vars: { hi: 'hi', who: 'Amina', now: '05:00' } }]);
    expect(flow.says('yes')[0]).toMatchObject({ key: 'q.zoneAgain' });
  });

  it('can be branched on', () => {
    const flow = run(`
steps:
  - { name: hi, wait: message }
  - name: known
    branch: [{ if: learner.phoneZone, exists: true, goto: local }]
  - { name: far, say: q.far, goto: end }
  - { name: local, say: q.local }
`);
    expect(flow.says('hi')).toEqual([{ key: 'q.local', vars: { hi: 'hi' } }]);
  });
});

describe('unlimited re-asks and time suggestions', () => {
  it('re-ask for ever, and a time outside min–max is not an answer; its options are buttons', () => {
    const flow = run(`
steps:
  - name: time
    ask: time
    message: q.time
    options: [{ id: '07:30', message: q.morning }, { id: '19:00', message: q.evening }]
    min: '07:00'
    max: '20:59'
    retry: { message: q.timeAgain, limit: unlimited }
  - { name: rest, wait: message }
`);
    expect(flow.started).toEqual([
      {
        key: 'q.time',
        vars: {},
        buttons: [
          { id: '07:30', key: 'q.morning' },
          { id: '19:00', key: 'q.evening' },
        ],
      },
    ]);
    for (const wrong of ['03:00', '21:00', 'noon', '06:59', '?', '22:00', 'x', '1', '2', '3', '4', '5'])
      expect(flow.says(wrong)[0]).toMatchObject({ key: 'q.timeAgain' });
    expect(flow.state()).toBe('time');
    flow.says('20:59');
    expect(flow.answers()).toEqual({ time: '20:59' });
  });
});

describe('finish', () => {
  it("ends the flow with the finisher's effects as the root's (FlowOutput.rootEffects)", () => {
    const flow = run(`
steps:
  - { name: language, ask: language, message: q.language, retry: { message: q.again } }
  - { name: saveLanguage, set: { language: '{{language}}' } }
  - { name: done, finish: test.done }
`);
    expect(flow.taps('sw')).toEqual([]);
    expect(flow.done()).toBe(true);
    expect(flow.output()).toEqual({
      rootEffects: [
        { type: 'send', params: { key: 'q.done', vars: { language: 'sw' } } },
        { type: 'schedule', params: { name: 'daily', dueAt: AT } },
      ],
    });
  });
});

describe('checking the names TypeScript provides', () => {
  const check = (steps: string) =>
    checkFlow(parse(`flow: test\nversion: 1\ndescription: A test\nsteps:\n${steps}`) as FlowSpec, {
      flows: new Set(),
      missingMessage: () => [],
      optionSources: new Set(['courses']),
      learnerValues: new Set(['phoneZone']),
      finishers: new Set(['onboarding.complete']),
    }).map(({ path, rule, message, hint }) => `${path.join('.')} ${rule}: ${message} (${hint})`);

  it('finds unknown sources, learner values and finishers, with the nearest name', () => {
    expect(
      check(`
  - name: course
    ask: choice
    message: q.course
    options: { from: course, message: q.option }
    retry: { message: q.again }
  - name: zone
    ask: timezone
    message: q.zone
    default: { value: '{{learner.phonezone}}', button: q.yes }
    retry: { message: q.again }
  - { name: hello, say: q.hello, vars: { who: '{{learner.name}}' } }
  - { name: done, finish: onboarding.completed }
`),
    ).toEqual([
      'steps.0.options.from unknown-option-source: there is no option source "course" (did you mean `courses`?)',
      'steps.0.options ask-field: options from a source may be more than 3, which show as a list with a button title (add `list: <message key>`, e.g. "Choose")',
      'steps.3.finish unknown-finisher: there is no finisher "onboarding.completed" (did you mean `onboarding.complete`?)',
      'steps.1.default.value unknown-learner-value: the learner has no value "phonezone" (did you mean `learner.phoneZone`?)',
    ]);
  });

  it('checks the times of a time ask', () => {
    expect(
      check(`
  - name: time
    ask: time
    message: q.time
    min: 7
    max: '25:00'
    options: [{ id: noon, message: q.noon }, { id: '12:30', message: q.midday }]
    retry: { message: q.again }
`),
    ).toEqual([
      "steps.0.min ask-field: min of ask: time must be a time HH:MM (e.g. `min: '07:00'`)",
      "steps.0.max ask-field: max of ask: time must be a time HH:MM (e.g. `max: '07:00'`)",
    ]);
    expect(
      check(`
  - name: time
    ask: time
    message: q.time
    options: [{ id: noon, message: q.noon }, { id: '12:30', message: q.midday }]
    retry: { message: q.again }
`),
    ).toEqual([
      'steps.0.options.0.id ask-field: the option "noon" is not an answer this step accepts (a button of ask: time answers with its id: make it a valid time)',
    ]);
  });
});
