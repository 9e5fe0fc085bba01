import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DateTime } from 'luxon';
import type { Services } from '../../engine/ports.js';
import type { FlowRegistry } from '../../engine/registry.js';
import { seedLearner } from '../../db/repositories/seed-learner.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFileStore } from '../files/store.js';
import { createServices } from '../services/index.js';
import { seededCertificateCodes } from '../certificates/code.js';
import { createFlowRegistry } from '../../flows/index.js';
import { MENU_PREFIX } from '../../engine/conversation.js';
import { choicesOf, inboundOf, resolveChoice } from './choices.js';
import type { SimulationDatabase } from './database.js';
import { simulate, statePath } from './simulate.js';
import {
  describeExpected,
  isAction,
  type ActionStep,
  readTranscript,
  TranscriptError,
  type Step,
  type TranscriptSpec,
} from './transcript-file.js';
import { catalogAt, givenLearner } from './transcript-given.js';
import { rewriteGolden, type ReplyGroup } from './transcript-golden.js';
import { botMismatch, bubble, NOTHING, type Difference, type TranscriptResult } from './transcript-report.js';

export { parseTranscript, readTranscript, TranscriptError, type TranscriptSpec } from './transcript-file.js';
export { formatResult, type Mismatch, type TranscriptResult } from './transcript-report.js';

export interface RunOptions {
  /** Rewrite the file's `bot:` lines with the actual replies instead of failing on them. */
  update?: boolean;
  registry?: FlowRegistry;
  /** The database the transcript runs on; an in-memory PGlite by default. */
  openDatabase?: () => Promise<SimulationDatabase>;
}

type Reply = ReplyGroup['actual'][number];

/**
 * Runs one transcript through the real engine on an embedded database with a simulated clock.
 * Stops at the first difference, except that UPDATE_GOLDEN collects every reply and rewrites the
 * `bot:` lines (state and tap steps still fail).
 */
export async function runTranscript(
  spec: TranscriptSpec,
  options: RunOptions = {},
): Promise<TranscriptResult> {
  let catalog = contentCatalog();
  if (spec.content) {
    const found = catalogAt(spec.content.dir, spec.content.where);
    if (!found.catalog) throw new TranscriptError(found.problems);
    catalog = found.catalog;
  }
  const registry =
    options.registry ?? (spec.content ? createFlowRegistry({ catalog }) : createFlowRegistry());
  if (!registry.get(spec.flow)) {
    const known = registry
      .list()
      .map((f) => f.id)
      .join(', ');
    throw new TranscriptError([`${spec.file}: flow "${spec.flow}" is not registered (known: ${known})`]);
  }
  const update = options.update === true;
  const seeded = spec.given
    ? givenLearner(spec.given, spec.phone, new Date(spec.start), catalog, registry)
    : undefined;
  if (seeded && !seeded.learner) throw new TranscriptError(seeded.problems);
  // The engine services as in the app (the tutor offline, over this transcript's courses).
  const sim = await simulate({
    start: spec.start,
    registry,
    openDatabase: options.openDatabase,
    services: ({ database, clock, receive }) =>
      standingIn(
        spec,
        createServices({
          db: database.db,
          clock,
          files: createFileStore(database.db, {
            publicBaseUrl: 'http://localhost:3000',
            now: () => clock.now(),
          }),
          receive,
          logger: { info() {}, warn() {}, error() {} },
          tutor: { catalog: () => catalog },
          // Certificate codes are random for learners; a transcript's are the same on every run and
          // in every checkout (seeded by the file's name, not its absolute path).
          certificateCodes: seededCertificateCodes(basename(spec.file)),
        }),
      ),
  });
  if (seeded?.learner) {
    try {
      await seedLearner(sim.database.db, seeded.learner);
    } catch (error) {
      await sim.close();
      throw error;
    }
  }
  const learner = sim.learner(spec.phone);
  const transcript: string[] = [];
  const groups: ReplyGroup[] = [{ afterIndex: -1, expectIndexes: [], actual: [] }];
  let pending: Reply[] = [];
  let seen = 0;
  const localTime = async (date: Date) => {
    const zone = (await learner.profile())?.timezone ?? 'Africa/Nairobi';
    return DateTime.fromJSDate(date, { zone }).toFormat('ccc HH:mm');
  };
  const result = (step?: Step, difference?: Difference): TranscriptResult => ({
    file: spec.file,
    flow: spec.flow,
    ok: !difference,
    transcript,
    ...(step && difference ? { mismatch: { file: spec.file, line: step.line, ...difference } } : {}),
    updated: false,
  });

  async function act(step: ActionStep): Promise<Difference | null> {
    if (step.kind === 'learner') {
      transcript.push(`> ${step.value}`);
      await learner.says(step.value);
    } else if (step.kind === 'system') {
      transcript.push(`~ system.${step.value} ${JSON.stringify(step.data)}`);
      await learner.system(step.value, step.data);
    } else if (step.kind === 'tap') {
      const history = learner.replies().map((d) => d.message);
      // `tap: menu:<flow>` is a flow's menu entry, as the tools that start a flow send it.
      const menuEntry = step.value.startsWith(MENU_PREFIX)
        ? { kind: 'button' as const, id: step.value, title: step.value }
        : null;
      const choice = resolveChoice(history, step.value, { byNumber: false }) ?? menuEntry;
      if (!choice) {
        const offered = history.flatMap(choicesOf).map((c) => `${c.id} (${c.title})`);
        return {
          problem: 'no such button or list row was offered',
          expected: step.value,
          actual: offered.join(', ') || NOTHING,
        };
      }
      transcript.push(`> [${choice.title}]`);
      await learner.sends(inboundOf(choice));
    } else {
      await sim.advance(step.value);
      transcript.push(`~ advance ${step.value} (now ${await localTime(sim.clock.now())})`);
    }
    const fresh = learner.replies().slice(seen);
    seen += fresh.length;
    pending = await Promise.all(fresh.map(async (d) => ({ message: d.message, at: await localTime(d.at) })));
    for (const reply of pending)
      transcript.push(...bubble(reply.message, step.kind === 'advance' ? reply.at : undefined));
    groups.push({ afterIndex: step.index, expectIndexes: [], actual: [...pending] });
    return null;
  }

  async function check(step: Step): Promise<Difference | null> {
    if (isAction(step)) {
      if (pending.length > 0 && !update)
        return {
          problem: `an unexpected bot message came before this ${step.kind} step`,
          expected: NOTHING,
          actual: pending[0]!.message.text,
        };
      return act(step);
    }
    if (step.kind === 'state') {
      const actual = statePath((await learner.state())?.state);
      transcript.push(`= state ${actual}`);
      return actual === step.value
        ? null
        : { problem: 'the conversation is in another state', expected: step.value, actual };
    }
    groups.at(-1)!.expectIndexes.push(step.index);
    if (update) return null;
    if (step.kind === 'no_reply')
      return pending.length > 0
        ? { problem: 'the bot replied', expected: NOTHING, actual: pending[0]!.message.text }
        : null;
    const reply = pending.shift();
    if (!reply)
      return {
        problem: 'the bot sent fewer messages',
        expected: describeExpected(step.expected),
        actual: NOTHING,
      };
    return botMismatch(step, reply.message, reply.at);
  }

  try {
    for (const step of spec.steps) {
      const difference = await check(step);
      if (difference) return result(step, difference);
    }
    if (pending.length > 0 && !update) {
      const actual = pending[0]!.message.text;
      return result(spec.steps.at(-1), {
        problem: 'the bot sent more messages than the transcript expects',
        expected: NOTHING,
        actual,
      });
    }
    if (!update) return result();
    const after = rewriteGolden(spec.document, groups);
    const updated = after !== readFileSync(spec.file, 'utf8');
    if (updated) writeFileSync(spec.file, after);
    return { ...result(), updated };
  } finally {
    await sim.close();
  }
}

/**
 * A transcript that sends a service's answers itself (`system: payment`) stands in for that
 * service: its calls (`payment.request`, `payment.history` …) are not made, so the answers the
 * transcript gives are the only ones the learner gets.
 */
function standingIn(spec: TranscriptSpec, services: Services): Services {
  const driven = new Set(
    spec.steps.flatMap((step) =>
      step.kind === 'system' ? [/^[a-z]+/.exec(step.value)?.[0] ?? step.value] : [],
    ),
  );
  if (!driven.size) return services;
  return {
    call: (userId, params) =>
      driven.has(params.service.split('.')[0]!) ? Promise.resolve() : services.call(userId, params),
  };
}

export async function runTranscriptFile(file: string, options: RunOptions = {}): Promise<TranscriptResult> {
  return runTranscript(readTranscript(file), options);
}
