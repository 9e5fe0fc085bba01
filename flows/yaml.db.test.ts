import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../content/yaml-source.js';
import { rowsOf } from '../db/rows.js';
import { simulate, statePath, type Simulation } from '../tests/harness/simulate.js';
import { createFlowRegistry } from './index.js';
import { checkYamlFlows, FLOWS_DIR, FlowFileError, loadYamlFlows } from './yaml.js';

const BROKEN = join(FLOWS_DIR, '__broken__');

describe('flow files', () => {
  it('reports every problem of every broken file with file:line:col, the rule and a hint', () => {
    const { flows, problems } = checkYamlFlows({ dir: BROKEN, otherFlows: ['welcome'] });
    expect(flows).toEqual([]);
    expect(problems.map(formatProblem)).toEqual([
      'flows/__broken__/syntax.flow.yaml:3:14 error yaml-syntax: Nested mappings are not allowed in compact mappings (hint: a text that contains ": " must be in quotes, e.g. `body: "Note: …"`)',
      'flows/__broken__/tangled.flow.yaml:10:5 error ask-field: 4 options show as a list, which needs a button title (hint: add `list: <message key>`, e.g. "Choose")',
      'flows/__broken__/tangled.flow.yaml:14:29 warning title-shortened: the en text of "feedback.askRatingAgain" is 61 characters; WhatsApp shows at most 24 on a choice, so it will be shortened (hint: say it in 24 characters or fewer in content/messages/en.yaml)',
      'flows/__broken__/tangled.flow.yaml:14:29 warning title-shortened: the sw text of "feedback.askRatingAgain" is 69 characters; WhatsApp shows at most 24 on a choice, so it will be shortened (hint: say it in 24 characters or fewer in content/messages/sw.yaml)',
      'flows/__broken__/tangled.flow.yaml:15:54 error unknown-step: there is no step named "giveUp" (hint: use a step name (rating, thanks, orphan) or end)',
      'flows/__broken__/tangled.flow.yaml:17:10 error unknown-message: message "feedback.thankYou" is not in content/messages/en.yaml or content/messages/sw.yaml (hint: add it to every language, or fix the key)',
      'flows/__broken__/tangled.flow.yaml:18:20 error unknown-answer: no step saves an answer named "score" (hint: use one of: rating (or input.<key>))',
      'flows/__broken__/tangled.flow.yaml:19:11 error unknown-step: there is no step named "finish" (hint: use a step name (rating, thanks, orphan) or end)',
      'flows/__broken__/tangled.flow.yaml:20:11 error duplicate-step: step name "rating" is used twice (first by step 1) (hint: give each step its own name)',
      'flows/__broken__/tangled.flow.yaml:21:12 error unknown-flow: there is no flow "wellcome" (hint: did you mean `welcome`?)',
      'flows/__broken__/tangled.flow.yaml:22:5 error unreachable-step: step "orphan" is never reached (hint: go to it from another step with `goto:`, or remove it)',
      'flows/__broken__/typos.flow.yaml:4:10 error type: version must be a whole number from 1 (hint: `version: 1`, raised on changes that move steps)',
      'flows/__broken__/typos.flow.yaml:9:5 error additionalProperties: "goot" is not a known field of "step 1" (hint: did you mean `goto:`?)',
      'flows/__broken__/typos.flow.yaml:11:10 error enum: ask must be text, choice, number, time, timezone or language (hint: did you mean `choice`?)',
      'flows/__broken__/typos.flow.yaml:14:5 error required: a step needs one of say, ask, set, branch, call, start, wait, schedule, end, finish (hint: e.g. `say: welcome.hello`)',
      'flows/__broken__/typos.flow.yaml:17:12 error pattern: a delay is a number and a unit (hint: e.g. 30m, 2h, 1d or 1d12h)',
    ]);
  });

  it('stops start-up on a broken file, listing every problem', () => {
    let error: unknown;
    try {
      loadYamlFlows({ dir: BROKEN });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FlowFileError);
    const lines = (error as Error).message.split('\n');
    expect(lines[0]).toBe('Flow files have 16 problem(s):');
    expect(lines.slice(1)).toEqual((error as FlowFileError).problems.map(formatProblem));
    expect(lines[1]).toMatch(/^flows\/__broken__\/syntax\.flow\.yaml:3:14 error yaml-syntax: /);
  });

  it('finds nothing wrong in flows/*.flow.yaml, and registers them beside the TypeScript flows', () => {
    expect(checkYamlFlows({ otherFlows: ['welcome'] }).problems.map(formatProblem)).toEqual([]);
    const registry = createFlowRegistry();
    expect(registry.get('feedback')).toMatchObject({ version: 1, menuKey: 'feedback.menu' });
    expect(registry.menu().map((flow) => flow.id)).toEqual(['feedback']);
  });
});

describe('the feedback flow on the real engine', () => {
  let sim: Simulation | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const effectsOf = async (kind: string) =>
    rowsOf<{ detail: { effects: string[] } }>(
      await sim!.database.db.execute(sql`select detail from activity_log where kind = ${kind} order by id`),
    ).map((row) => row.detail.effects);

  it('without a comment, records the rating alone once the hour is up', async () => {
    sim = await simulate({ start: '2026-03-02T04:00:00Z' });
    const learner = sim.learner('+254700000101');
    await learner.says('MENU');
    await learner.taps('menu:feedback');
    await learner.says('3');
    expect(learner.lastReply()).toBe(
      'Thanks! You gave it 3 out of 5. Anything you would like to add? Just type it, or reply SKIP.',
    );
    learner.newReplies();
    expect(await sim.advance('59m')).toBe(0);
    expect(learner.newReplies()).toEqual([]);
    expect(await sim.advance('1m')).toBe(1);
    expect(learner.newReplies()).toEqual(["Thank you for rating today's lesson. Reply MENU any time."]);
    expect(statePath((await learner.state())?.state)).toBe('idle');
    expect(await effectsOf('timer.fired')).toEqual([['cancelTimer', 'callService', 'send']]);
  });

  it('with a comment, thanks at once and the hour passes in silence', async () => {
    sim = await simulate({ start: '2026-03-02T04:00:00Z' });
    const learner = sim.learner('+254700000102');
    await learner.says('MENU');
    await learner.taps('menu:feedback');
    await learner.says('Very useful');
    await learner.says('More stories please');
    expect(learner.lastReply()).toBe(
      'Thank you, your comment helps us make the lessons better. Reply MENU any time.',
    );
    learner.newReplies();
    expect(await sim.advance('2h')).toBe(0);
    expect(learner.newReplies()).toEqual([]);
  });

  it('gives up politely after two re-asks', async () => {
    sim = await simulate({ start: '2026-03-02T04:00:00Z' });
    const learner = sim.learner('+254700000103');
    await learner.says('MENU');
    await learner.taps('menu:feedback');
    learner.newReplies();
    for (const answer of ['great', 'ok', 'meh']) await learner.says(answer);
    expect(learner.newReplies()).toEqual([
      'Please send a number from 1 to 5, or tap "Rate it" to choose.',
      'Please send a number from 1 to 5, or tap "Rate it" to choose.',
      "No problem, let's leave it for now. Reply MENU when you want to rate a lesson.",
    ]);
    expect(statePath((await learner.state())?.state)).toBe('idle');
  });
});
