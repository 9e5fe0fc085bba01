import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/rows.js';
import { users } from '../../db/schema/index.js';
import { testDatabase, type TestDatabase } from './db.js';
import { FlowRegistry } from '../../engine/registry.js';
import { welcomeFlow } from '../../flows/welcome.js';
import { expectedOf } from '../../adapters/simulator/transcript-file.js';
import {
  formatResult,
  parseTranscript,
  runTranscript,
  runTranscriptFile,
  TranscriptError,
} from './transcript.js';

const FILE = 'tests/conversations/welcome.example.yaml';
const problemsOf = (source: string, file = FILE): string[] => {
  try {
    parseTranscript(source, file);
  } catch (error) {
    if (error instanceof TranscriptError) return error.problems;
    throw error;
  }
  return [];
};
const dir = mkdtempSync(join(tmpdir(), 'transcripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsing transcript files', () => {
  it('reads steps, keeps phone numbers and times as text, and defaults start and phone', () => {
    const spec = parseTranscript(
      "flow: welcome\nsteps:\n  - learner: 007\n  - tap: '07:30'\n  - bot: /Welcome/i\n    buttons: [A, B]\n  - no_reply: true\n",
      FILE,
    );
    expect(spec).toMatchObject({ flow: 'welcome', start: '2026-03-02T04:00:00Z', phone: '+254700000001' });
    expect(spec.steps.map((s) => s.kind)).toEqual(['learner', 'tap', 'bot', 'no_reply']);
    expect(spec.steps[0]).toMatchObject({ value: '007', line: 3 });
    expect(spec.steps[2]).toMatchObject({ buttons: ['A', 'B'], expected: { kind: 'regex' } });
    expect(
      parseTranscript('flow: welcome\nphone: +254711000000\nsteps:\n  - learner: hi\n', FILE).phone,
    ).toBe('+254711000000');
  });

  it('names file, line and column of an unknown step kind, and lists the known ones', () => {
    expect(problemsOf('flow: welcome\nsteps:\n  - learner: hi\n  - lerner: hello\n')).toEqual([
      `${FILE}:4:5: unknown step "lerner": use one of learner, tap, bot, advance, state, no_reply, system`,
    ]);
  });

  it('reads a service answer as a system event, its data typed as JSON would be', () => {
    const spec = parseTranscript(
      [
        'flow: payment',
        'steps:',
        '  - system: payment',
        '    data: { orderId: o1, status: confirmed, amount: 150, simulated: false, accessUntil: null, courses: [a, b] }',
        '  - system: paymentHistory',
      ].join('\n'),
      'tests/conversations/payment.x.yaml',
    );
    expect(spec.steps).toMatchObject([
      {
        kind: 'system',
        value: 'payment',
        data: {
          orderId: 'o1',
          status: 'confirmed',
          amount: 150,
          simulated: false,
          accessUntil: null,
          courses: ['a', 'b'],
        },
      },
      { kind: 'system', value: 'paymentHistory', data: {} },
    ]);
    expect(
      problemsOf(
        'flow: payment\nsteps:\n  - system: payment\n    data: [1, 2]\n',
        'tests/conversations/payment.x.yaml',
      ),
    ).toEqual([
      'tests/conversations/payment.x.yaml:4:11: "data" is a mapping, like { status: prompted, orderId: o1 }',
    ]);
  });

  it('reports every problem at once: bad delay, bad start, two kinds in one step, a misnamed file', () => {
    const problems = problemsOf(
      'flow: welcome\nstart: yesterday\nsteps:\n  - advance: soon\n  - learner: hi\n    state: idle\n  - no_reply: false\n',
      'tests/conversations/lesson.x.yaml',
    );
    expect(problems).toEqual([
      'tests/conversations/lesson.x.yaml:2:8: start "yesterday" is not an ISO time like 2026-03-02T04:00:00Z',
      'tests/conversations/lesson.x.yaml:1:7: the file name should start with "welcome." (tests/conversations/<flow>.<name>.yaml)',
      expect.stringMatching(/^tests\/conversations\/lesson.x.yaml:4:14: "soon" is not a delay/),
      'tests/conversations/lesson.x.yaml:5:5: one step per list item; found learner and state',
      'tests/conversations/lesson.x.yaml:7:15: write "no_reply: true"',
    ]);
  });

  it('reports YAML syntax errors and missing keys with positions', () => {
    expect(problemsOf('flow: welcome\nsteps: [\n')[0]).toMatch(
      /^tests\/conversations\/welcome.example.yaml:\d+:\d+: /,
    );
    // At the line itself (not 1:1), with a hint; a step indented wrongly names the spaces.
    expect(problemsOf('flow: welcome\nsteps:\n  - learner: hi\n  - bot: Hello: Amina\n')).toEqual([
      `${FILE}:4:10: Nested mappings are not allowed in compact mappings (hint: a text that contains ": " must be in quotes, e.g. \`body: "Note: …"\`)`,
    ]);
    expect(problemsOf('flow: welcome\nsteps:\n  - bot: Hi\n    buttons: [A]\n   - tap: A\n')).toEqual([
      `${FILE}:5:4: this line is indented 3 spaces and lines up with no group above it (hint: indentation: give it 2 spaces like the other lines of its group)`,
    ]);
    expect(problemsOf('flow: welcome\n')).toEqual([`${FILE}:1:1: "steps" must be a non-empty list`]);
    expect(problemsOf('steps:\n  - learner: hi\n')).toEqual([`${FILE}:1:1: "flow" is required`]);
  });

  it('treats /…/flags as a regular expression and anything else as exact text', () => {
    expect(expectedOf('/welcome/i')).toMatchObject({ kind: 'regex', source: '/welcome/i' });
    expect(expectedOf('Hello / goodbye')).toEqual({ kind: 'exact', text: 'Hello / goodbye' });
  });
});

describe('running transcripts', () => {
  // The harness's own tests drive the short welcome flow from the first message.
  const welcome = { registry: new FlowRegistry([welcomeFlow], 'welcome') };
  it('returns the readable transcript and the first mismatch with expected and actual', async () => {
    const spec = parseTranscript(
      'flow: welcome\nsteps:\n  - learner: hi\n  - bot: Hello there\n  - state: welcome.askName\n',
      FILE,
    );
    const result = await runTranscript(spec, welcome);
    expect(result.ok).toBe(false);
    expect(result.transcript).toEqual(['> hi', expect.stringMatching(/^< Welcome to LearnLoop!/)]);
    expect(result.mismatch).toMatchObject({
      line: 4,
      problem: 'the bot said something else',
      expected: 'Hello there',
      actual: expect.stringMatching(/^Welcome/),
    });
    expect(formatResult(result)).toContain(
      `✗ ${FILE}:4: the bot said something else\n  - expected: Hello there\n  + actual:   Welcome`,
    );
  });

  it('fails on a message nobody expected, a button that was not offered and a wrong state', async () => {
    const extra = await runTranscript(
      parseTranscript('flow: welcome\nsteps:\n  - learner: hi\n  - learner: Amina\n', FILE),
      welcome,
    );
    expect(extra.mismatch).toMatchObject({
      line: 4,
      expected: '(no message)',
      actual: expect.stringMatching(/^Welcome/),
    });
    const tap = await runTranscript(
      parseTranscript("flow: welcome\nsteps:\n  - learner: hi\n  - bot: /Welcome/\n  - tap: '07:30'\n", FILE),
      welcome,
    );
    expect(tap.mismatch).toMatchObject({
      line: 5,
      problem: 'no such button or list row was offered',
      actual: '(no message)',
    });
    const state = await runTranscript(
      parseTranscript('flow: welcome\nsteps:\n  - learner: hi\n  - bot: /Welcome/\n  - state: idle\n', FILE),
      welcome,
    );
    expect(state.mismatch).toMatchObject({ line: 5, expected: 'idle', actual: 'welcome.askName' });
  });

  it('refuses a flow that is not registered', async () => {
    await expect(
      runTranscript(parseTranscript('flow: nope\nsteps:\n  - learner: hi\n', 'nope.x.yaml')),
    ).rejects.toThrow(/flow "nope" is not registered \(known: [a-zA-Z, ]*onboarding[a-zA-Z, ]*\)/);
  });

  it('UPDATE_GOLDEN rewrites bot lines with the exact replies and keeps comments', async () => {
    const file = join(dir, 'welcome.update.yaml');
    const source = [
      '# about this file',
      'flow: welcome',
      'steps:',
      '  - learner: hi',
      '  # the greeting',
      '  - bot: Wrong # keep me',
      '  - bot: a line too many',
      '  - learner: Amina',
      '  - state: welcome.askTime',
      '  - tap: Evening 19:00',
      '  - no_reply: true',
      '',
    ].join('\n');
    writeFileSync(file, source);
    const result = await runTranscriptFile(file, { update: true, ...welcome });
    expect(result).toMatchObject({ ok: true, updated: true });
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('# about this file\n');
    expect(written).toContain(
      '  # the greeting\n  - bot: Welcome to LearnLoop! 🌱 One short lesson a day, right here on WhatsApp. What should I call you? # keep me\n  - learner: Amina\n',
    );
    expect(written).toContain(
      '  - bot: Nice to meet you, Amina! When would you like your daily nudge?\n    buttons: [Morning 07:30, Midday 12:30, Evening 19:00]\n  - state: welcome.askTime\n',
    );
    expect(written).toContain(
      "  - tap: Evening 19:00\n  - bot: Done! I'll check in every day at 19:00 your time. Reply MENU any time.\n",
    );
    expect(written).not.toContain('no_reply');
    expect(await runTranscriptFile(file, welcome)).toMatchObject({ ok: true, updated: false });
    expect(await runTranscriptFile(file, { update: true, ...welcome })).toMatchObject({
      ok: true,
      updated: false,
    });
  });
});

const GIVEN_FILE = 'tests/conversations/lesson.given.yaml';
const onFixtures = (given: string, steps = '  - advance: 1d\n  - bot: /Lesson/\n') =>
  `flow: lesson\ncontent: tests/fixtures/content\ngiven:\n${given}steps:\n${steps}`;

describe('given: and content:', () => {
  it('names file, line, column and field of every bad given: value, and of an unknown key', () => {
    const problems = problemsOf(
      onFixtures(
        "  course: water-basics\n  lessonTime: '7:30'\n  language: fr\n  timezone: Mars/Base\n  paused: maybe\n  streak: {current: many, lastDay: monday}\n  progress: {}\n",
      ),
      GIVEN_FILE,
    );
    expect(problems).toEqual([
      `${GIVEN_FILE}:5:15: given.lessonTime "7:30" is not a local time like 07:30`,
      `${GIVEN_FILE}:6:13: given.language "fr" is not one of en, sw`,
      `${GIVEN_FILE}:7:13: given.timezone "Mars/Base" is not an IANA time zone like Africa/Nairobi`,
      `${GIVEN_FILE}:8:11: given.paused "maybe" is not one of learner, reminders`,
      `${GIVEN_FILE}:9:21: given.streak.current "many" is not a whole number`,
      `${GIVEN_FILE}:9:36: given.streak.lastDay "monday" is not a day like 2026-03-01`,
      `${GIVEN_FILE}:10:3: unknown key "given.progress": use name, language, timezone, course, lessonTime, paused, completed, streak`,
    ]);
  });

  it('requires the course and lesson time of an onboarded learner', () => {
    expect(problemsOf(onFixtures('  name: Amina\n'), GIVEN_FILE)).toEqual([
      `${GIVEN_FILE}:4:3: given.course is required (the learner has finished onboarding)`,
      `${GIVEN_FILE}:4:3: given.lessonTime is required (the learner has finished onboarding)`,
    ]);
  });

  it('checks the course, its lessons and language against the transcript content', async () => {
    const run = (given: string, content = 'tests/fixtures/content') =>
      runTranscript(
        parseTranscript(onFixtures(given).replace('tests/fixtures/content', content), GIVEN_FILE),
      );
    await expect(run("  course: money-basics\n  lessonTime: '07:30'\n")).rejects.toThrow(
      `${GIVEN_FILE}:4:11: given.course "money-basics" is not a course here (known: water-basics)`,
    );
    await expect(
      run("  course: water-basics\n  lessonTime: '07:30'\n  completed: [drink-water, swim]\n"),
    ).rejects.toThrow(
      `${GIVEN_FILE}:6:14: given.completed has "swim", not a lesson of water-basics (lessons: drink-water, safe-water, store-water)`,
    );
    await expect(run("  course: water-basics\n  lessonTime: '07:30'\n", 'tests/fixtures')).rejects.toThrow(
      `${GIVEN_FILE}:2:10: content "tests/fixtures" has no courses/ folder (paths are relative to the repository root)`,
    );
  });

  it('seeds the same learner, conversation and daily timer as onboarding leaves behind', async () => {
    const kept: TestDatabase[] = [];
    // The transcript runner closes its database; these are kept open to read what it wrote.
    const openDatabase = async () => {
      const database = await testDatabase();
      kept.push(database);
      return { ...database, cleanup: async () => {} };
    };
    const onboarding = join(dir, 'lesson.onboarding.yaml');
    writeFileSync(
      onboarding,
      [
        'flow: lesson',
        'content: tests/fixtures/content',
        'steps:',
        '  - learner: hi',
        '  - learner: Amina',
        '  - tap: English',
        "  - learner: '1'",
        '  - tap: Morning 07:30',
        "  - tap: Yes, that's right",
        '  - state: idle',
        '',
      ].join('\n'),
    );
    try {
      expect(await runTranscriptFile(onboarding, { update: true, openDatabase })).toMatchObject({ ok: true });
      const seeded = parseTranscript(
        onFixtures("  name: Amina\n  course: water-basics\n  lessonTime: '07:30'\n", '  - state: idle\n'),
        GIVEN_FILE,
      );
      expect(await runTranscript(seeded, { openDatabase })).toMatchObject({ ok: true });
      const [replayed, given] = await Promise.all(kept.map(learnerRows));
      expect(given).toEqual(replayed);
    } finally {
      await Promise.all(kept.map((database) => database.cleanup()));
    }
  });
});

/** What a learner's next turns depend on: profile, learning state, conversation at rest, root timers. */
async function learnerRows({ db }: TestDatabase) {
  const [row] = await db.select().from(users);
  const { onboardedAt, ...learning } = row!.learningState as Record<string, unknown>;
  expect(onboardedAt).toEqual(expect.any(String));
  const { phone, name, language, timezone, status } = row!;
  const user = { phone, name, language, timezone, status, learning };
  const [conversation] = rowsOf<{ snapshot: { value: unknown; context: unknown; children: unknown } }>(
    await db.execute(sql`select snapshot from conversations`),
  );
  const timers = rowsOf(
    await db.execute(sql`select name, flow_run, due_at::text, status from timers where status = 'pending'`),
  );
  const { value, context, children } = conversation!.snapshot;
  return { user, conversation: { value, context, children }, timers };
}
