import { ConsoleChannel, type ConsoleDelivery } from '../channels/console.js';
import { catalogMessages } from '../../content/messages.js';
import { outboxStore } from '../../db/repositories/outbox.js';
import { engineStore } from '../../db/repositories/engine-store.js';
import { nextDueTimer } from '../../db/repositories/timers.js';
import { usersRepository } from '../../db/repositories/users.js';
import { counterIds, SimClock } from '../../engine/clock.js';
import { Engine } from '../../engine/engine.js';
import type { Inbound, InboundMessage } from '../../engine/events.js';
import type { Channel, Clock, Messages, OutboundMessage, Scheduler, Services } from '../../engine/ports.js';
import type { FlowRegistry } from '../../engine/registry.js';
import { Sender } from '../../engine/sender.js';
import { parseAdvance } from '../../engine/time.js';
import { createFlowRegistry } from '../../flows/index.js';
import { openSimulationDatabase, type SimulationDatabase } from './database.js';

export interface SimulateOptions {
  start?: string;
  registry?: FlowRegistry;
  messages?: Messages;
  /** A database the caller owns (several simulations may share one, like processes do). */
  database?: SimulationDatabase;
  /** Opens the database this simulation owns and drops at `close()`; an in-memory PGlite by default. */
  openDatabase?: () => Promise<SimulationDatabase>;
  /** Replies go through this channel (say Twilio to a fake server) instead of the console. */
  outbound?: { channel: Channel; format?: (message: OutboundMessage) => OutboundMessage[] };
  /** Told of every learner message as it is sent (a fake WhatsApp opens the learner's window). */
  onLearnerMessage?: (phone: string, at: Date) => void;
  /**
   * The engine's services (adapters/services createServices), or a factory given the simulation's
   * database, clock and `receive` (services that answer the learner need the engine they belong to).
   */
  services?: Services | ((parts: SimServiceParts) => Services);
}

export interface SimServiceParts {
  database: SimulationDatabase;
  clock: Clock;
  receive: (event: Inbound) => Promise<unknown>;
}

/** Work besides timers that the simulated clock drives (the simulated M-PESA's confirmations). */
export interface DueWork {
  nextDue(): Promise<Date | null>;
  run(): Promise<number>;
}

let simulations = 0;

/** Timers live in the database; the simulated scheduler fires them when the clock is advanced. */
const tableScheduler: Scheduler = {
  schedule: async (timer) => `sim:${timer.id}`,
  cancel: async () => {},
};

/**
 * The real engine on an embedded database with a simulated clock: what tests, `npm run chat`
 * and `npm run simulate` drive. Replies are delivered by the real sender to the console channel.
 */
export async function simulate(options: SimulateOptions = {}) {
  const database = options.database ?? (await (options.openDatabase ?? openSimulationDatabase)());
  const clock = new SimClock(options.start);
  const channel = new ConsoleChannel(() => clock.now());
  const registry = options.registry ?? createFlowRegistry();
  const services: Services | undefined =
    typeof options.services === 'function'
      ? options.services({ database, clock, receive: (event) => engine.receive(event) })
      : options.services;
  const dueWork = (services as { dueWork?: DueWork } | undefined)?.dueWork;
  const engine: Engine = new Engine({
    registry,
    store: engineStore(database.db),
    scheduler: tableScheduler,
    clock,
    ids: counterIds('timer'),
    messages: options.messages ?? catalogMessages(),
    channel: options.outbound?.channel.name ?? 'console',
    format: options.outbound?.format,
    services,
  });
  const users = usersRepository(database.db);
  const channels: Record<string, Channel> = { console: channel };
  if (options.outbound) channels[options.outbound.channel.name] = options.outbound.channel;
  const sender = new Sender({ store: outboxStore(database.db), channels, clock });
  let messageCounter = 0;
  // Message ids stay unique when several simulations share one database (a "redeploy").
  const simulation = ++simulations;

  async function deliver(phone: string, message: InboundMessage, providerId?: string) {
    const at = clock.now().toISOString();
    options.onLearnerMessage?.(phone, clock.now());
    const accepted = await engine.receive({
      type: 'message',
      channel: 'console',
      providerId: providerId ?? `sim${simulation}-${++messageCounter}`,
      from: phone,
      at,
      message,
    });
    await sender.drain();
    return accepted;
  }

  async function userIdOf(phone: string): Promise<string | undefined> {
    return (await users.findByPhone(phone))?.id;
  }

  /** Fires every timer due up to the target time, in due order, each at its own due time. */
  async function advance(duration: string): Promise<number> {
    const target = new Date(clock.now().getTime() + parseAdvance(duration));
    let fired = 0;
    let lastWork = 0;
    for (;;) {
      const due = await nextDueTimer(database.db, target);
      const work = dueWork ? await dueWork.nextDue() : null;
      // Due work runs in time order with timers; the same instant twice means it could not progress.
      if (work && work <= target && work.getTime() !== lastWork && (!due || work < due.dueAt)) {
        lastWork = work.getTime();
        if (work > clock.now()) clock.set(work);
        await dueWork!.run();
        await sender.drain();
        continue;
      }
      if (!due) break;
      clock.set(due.dueAt);
      await engine.receive({
        type: 'timer',
        timerId: due.id,
        userId: due.userId,
        at: clock.now().toISOString(),
      });
      await sender.drain();
      fired++;
    }
    clock.set(target);
    await sender.drain();
    return fired;
  }

  function learner(phone: string) {
    let seen = 0;
    const texts = () => channel.messagesTo(phone).map((d) => d.message.text);
    return {
      phone,
      says: (text: string, providerId?: string) => deliver(phone, { kind: 'text', text }, providerId),
      taps: (id: string) => deliver(phone, { kind: 'button', id }, undefined),
      sends: (message: InboundMessage, providerId?: string) => deliver(phone, message, providerId),
      /** A `system.<name>` event for this learner, as a service hands it to the engine (the payment service's answers). */
      async system(name: string, data: Record<string, unknown> = {}, providerId?: string) {
        const userId = await userIdOf(phone);
        if (!userId) throw new Error(`No learner ${phone} to send system.${name} to`);
        const accepted = await engine.receive({
          type: 'system',
          channel: 'system',
          providerId: providerId ?? `sim${simulation}-system-${++messageCounter}`,
          userId,
          at: clock.now().toISOString(),
          name,
          data,
        });
        await sender.drain();
        return accepted;
      },
      /** Every bot message so far. */
      replies: (): ConsoleDelivery[] => channel.messagesTo(phone),
      /** Bot messages since the last call to `newReplies`. */
      newReplies(): string[] {
        const all = texts();
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      },
      lastReply: (): string => texts().at(-1) ?? '',
      lastMessage: () => channel.messagesTo(phone).at(-1)?.message,
      async state() {
        const id = await userIdOf(phone);
        return id ? engine.inspect(id) : null;
      },
      profile: () => users.findByPhone(phone),
    };
  }

  return {
    engine,
    sender,
    clock,
    channel,
    database,
    learner,
    advance,
    userIdOf,
    async close() {
      if (!options.database) await database.cleanup();
    },
  };
}

export type Simulation = Awaited<ReturnType<typeof simulate>>;
export type SimLearner = ReturnType<Simulation['learner']>;

export { statePath } from '../../engine/state-path.js';
