import { getShortestPaths, getStateNodes } from '@xstate/graph';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { rowsOf } from '../../db/rows.js';
import { AWAITING } from '../../engine/actor.js';
import type { ConversationEvent } from '../../engine/events.js';
import type { FlowDefinition } from '../../engine/registry.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { createFlowRegistry } from '../../flows/index.js';
import { simulate, statePath, type Simulation } from '../harness/simulate.js';

const registry = createFlowRegistry();
const catalog = contentCatalog();
const leafStates = (flow: FlowDefinition) =>
  getStateNodes(flow.machine.root).filter(
    (node: AnyStateNode) => node.type === 'atomic' || node.type === 'final',
  );
const pathsOf = (flow: FlowDefinition, input?: Record<string, unknown>) =>
  getShortestPaths(flow.machine, {
    events: flow.samples as never,
    limit: 5000,
    ...(input ? { input } : {}),
  }) as unknown as {
    state: { value: unknown; status: string };
    steps: { event: ConversationEvent }[];
  }[];

/**
 * What a flow may start with: nothing, and for the entry flow what the engine gives it (the first
 * message and who sent it), from phones where the welcome differs (flows/learning/welcome-language.ts).
 */
const startInputs = (flow: FlowDefinition): (Record<string, unknown> | undefined)[] => {
  if (flow.id !== registry.entry) return [undefined];
  const texts = [
    'hi',
    'habari',
    ...flow.samples.flatMap((e) => (e.type === 'learner.message' ? [e.input] : [])),
  ];
  const phones = ['+254700000001', '+447700900123'];
  const learner = (phone: string) => ({ phone, name: null, language: 'en', timezone: 'UTC', learning: {} });
  return [
    undefined,
    ...texts.flatMap((firstMessage) => phones.map((phone) => ({ firstMessage, learner: learner(phone) }))),
  ];
};

describe.each(registry.list().map((flow) => [flow.id, flow] as const))(
  'flow %s, explored path by path',
  (_id, flow) => {
    let sim: Simulation;
    beforeAll(async () => {
      sim = await simulate({ registry });
    });
    afterAll(() => sim?.close());

    it('reaches every state with its sample events', () => {
      const reached = new Set(
        startInputs(flow).flatMap((input) =>
          pathsOf(flow, input).map((path) => JSON.stringify(path.state.value)),
        ),
      );
      // A transient state (`always`) is passed through, never rested in: its targets show it was reached.
      const resting = leafStates(flow).filter((node) => node.always === undefined);
      const unreached = resting.filter(
        (node) => ![...reached].some((value) => value.includes(`"${node.key}"`)),
      );
      expect(unreached.map((node) => node.id)).toEqual([]);
      // Onboarding's graph is explored once per start input: ~27 s on a loaded 2-core machine.
    }, 120_000);

    it('has no waiting state without a way out, and no state the engine would wait on forever', () => {
      for (const node of leafStates(flow)) {
        if (node.type === 'final') continue;
        const events = node.ownEvents;
        if (node.tags.includes(AWAITING)) {
          expect(
            events.some((e) => e === 'learner.message' || e === 'timer.fired'),
            `${node.id} waits but nothing moves it`,
          ).toBe(true);
        } else {
          const transient = node.always !== undefined || node.invoke.length > 0;
          expect(transient, `${node.id} is neither tagged '${AWAITING}' nor transient`).toBe(true);
        }
      }
    });

    it('runs every path through the real engine without a failed turn', async () => {
      const paths = pathsOf(flow);
      expect(paths.length).toBeGreaterThan(1);
      let n = 0;
      for (const path of paths) {
        const phone = `+2547${String(30_000_000 + n++)}`;
        const learner = sim.learner(phone);
        await learner.says('START');
        const userId = (await sim.userIdOf(phone))!;
        await sim.engine.receive({
          type: 'system',
          channel: 'system',
          providerId: `start-${phone}`,
          userId,
          at: sim.clock.now().toISOString(),
          name: 'startFlow',
          data: { flow: flow.id },
        });
        for (const { event } of path.steps) {
          if (event.type === 'learner.message') await learner.sends(event.message);
          if (event.type === 'timer.fired') await sim.advance('2d');
        }
        // Onboarding into a premium course ends with the offer to buy it (the payment flow waiting).
        const premium = path.steps.some(
          ({ event }) => event.type === 'learner.message' && catalog.course(event.input)?.premium === true,
        );
        const expected =
          path.state.status === 'done'
            ? premium
              ? 'payment.choosing'
              : 'idle'
            : `${flow.id}.${typeof path.state.value === 'string' ? path.state.value : JSON.stringify(path.state.value)}`;
        expect(
          statePath((await learner.state())?.state),
          `path ${path.steps.map((s) => (s.event.type === 'learner.message' ? JSON.stringify(s.event.input) : s.event.type)).join(' → ')}`,
        ).toBe(expected);
      }
      const failed = rowsOf(
        await sim.database.db.execute(sql`select * from activity_log where kind = 'turn.failed'`),
      );
      expect(failed).toEqual([]);
      // Onboarding has hundreds of paths (start inputs × answers): on a loaded 2-core machine they take ~50 s.
    }, 180_000);
  },
);
