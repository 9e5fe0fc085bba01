import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DateTime } from 'luxon';
import type { ConsoleDelivery } from '../channels/console.js';
import { createFileStore, type FileStore } from '../files/store.js';
import { createServices } from '../services/index.js';
import { parseAdvance } from '../../engine/time.js';
import { choicesOf, inboundOf, resolveChoice } from './choices.js';
import type { SimulationDatabase } from './database.js';
import { simulate, statePath, type SimLearner, type Simulation } from './simulate.js';

export interface ChatOptions {
  input: Readable;
  output: Writable;
  phone?: string;
  /** Simulated start time (ISO); defaults to the harness's Monday 07:00 Nairobi. */
  start?: string;
  /** Show a `you>` prompt (for a terminal). */
  prompt?: boolean;
  /** The database each (re)start opens; an in-memory PGlite by default. */
  openDatabase?: () => Promise<SimulationDatabase>;
}

export const DEFAULT_CHAT_PHONE = '+254700000001';
const HELP = [
  'Type as the learner. Answer a button or list by its number, its id or its title.',
  '  /advance 1d   move the simulated clock (also 2h, 30m, 1d12h) and show what timers sent',
  '  /state        the conversation state and turn',
  '  /reset        start again with an empty database',
  '  /help         this text',
  '  /quit         leave',
].join('\n');

/** A bot message as the terminal shows it: time, text, numbered choices, media. */
export function renderDelivery(delivery: ConsoleDelivery, zone: string): string {
  const { message } = delivery;
  const time = DateTime.fromJSDate(delivery.at, { zone }).toFormat('HH:mm');
  const lines = [`bot [${time}]: ${message.text.split('\n').join('\n  ')}`];
  if (message.media) lines.push(`  [${message.media.type}: ${message.media.url}]`);
  if (message.list) lines.push(`  ${message.list.button}:`);
  choicesOf(message).forEach((choice, n) => {
    const description = message.list?.rows.find((r) => r.id === choice.id)?.description;
    lines.push(`  ${n + 1}. ${choice.title}${description ? ` (${description})` : ''}`);
  });
  return lines.join('\n');
}

/**
 * The terminal chat: one learner against the real engine on an embedded database with a
 * simulated clock. Resolves when the input ends or the learner types /quit.
 */
export async function runChat(options: ChatOptions): Promise<void> {
  const phone = options.phone ?? DEFAULT_CHAT_PHONE;
  const print = (text: string) => void options.output.write(`${text}\n`);
  const reader = createInterface({ input: options.input, terminal: false });
  // Made before the slow start-up so lines typed (or piped) meanwhile are buffered, not lost.
  const lines = reader[Symbol.asyncIterator]();
  let sim: Simulation;
  let learner: SimLearner;
  let shown = 0;
  let files: FileStore;

  const zone = async () => (await learner.profile())?.timezone ?? 'Africa/Nairobi';
  const boot = async () => {
    // The engine services (progress, EXPORT) as in the app; files a learner gets are saved under .data/chat/.
    sim = await simulate({
      start: options.start,
      openDatabase: options.openDatabase,
      services: ({ database, clock, receive }) => {
        files = createFileStore(database.db, {
          publicBaseUrl: 'http://localhost:3000',
          now: () => clock.now(),
        });
        const logger = { info() {}, warn() {}, error() {} };
        return createServices({ db: database.db, clock, files, receive, logger });
      },
    });
    learner = sim.learner(phone);
    shown = 0;
    const now = DateTime.fromJSDate(sim.clock.now(), { zone: await zone() });
    print(
      `Chatting as ${phone}; simulated time ${now.toFormat('ccc d LLL yyyy HH:mm')} (${now.zoneName}). /help lists commands.`,
    );
  };
  const showNew = async () => {
    const fresh = learner.replies().slice(shown);
    shown += fresh.length;
    const tz = await zone();
    for (const delivery of fresh) {
      print(renderDelivery(delivery, tz));
      const saved = await saveFile(delivery.message.media?.url);
      if (saved) print(`  (saved as ${saved})`);
    }
    return fresh.length;
  };

  /** A generated file the bot sent, written where the person at the terminal can open it. */
  async function saveFile(url: string | undefined): Promise<string | null> {
    const token = /\/files\/([^/]+)/.exec(url ?? '')?.[1];
    const found = token ? await files.get(token) : null;
    if (found?.status !== 'found') return null;
    const path = join('.data', 'chat', found.file.filename.replace(/[/\\]/g, '_'));
    await mkdir(join('.data', 'chat'), { recursive: true });
    await writeFile(path, found.file.bytes);
    return path;
  }

  async function command(line: string): Promise<'quit' | void> {
    const [name, ...args] = line.slice(1).trim().split(/\s+/);
    switch (name) {
      case 'quit':
      case 'exit':
        return 'quit';
      case 'help':
        print(HELP);
        return;
      case 'reset':
        await sim.close();
        await boot();
        return;
      case 'state': {
        const inspected = await learner.state();
        print(
          inspected
            ? `state: ${statePath(inspected.state)} (turn ${inspected.turn})`
            : 'state: no conversation yet (say something first)',
        );
        return;
      }
      case 'advance': {
        const duration = args.join('');
        try {
          parseAdvance(duration);
        } catch (error) {
          print(`${(error as Error).message}`);
          return;
        }
        await sim.advance(duration);
        const now = DateTime.fromJSDate(sim.clock.now(), { zone: await zone() });
        print(`~ now ${now.toFormat('ccc d LLL yyyy HH:mm')} (${now.zoneName})`);
        if ((await showNew()) === 0) print('(no messages)');
        return;
      }
      default:
        print(`unknown command /${name ?? ''}: /help lists the commands`);
    }
  }

  async function say(text: string) {
    const history = learner.replies().map((d) => d.message);
    const lastOffers = choicesOf(history.at(-1)).length > 0;
    const choice = resolveChoice(history, text, { byNumber: lastOffers });
    if (choice) {
      print(`(tapped: ${choice.title})`);
      await learner.sends(inboundOf(choice));
    } else {
      await learner.says(text);
    }
    await showNew();
  }

  await boot();
  const prompt = () => options.prompt && void options.output.write('you> ');
  prompt();
  try {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const raw = next.value;
      const line = raw.trim();
      if (line.startsWith('/')) {
        if ((await command(line)) === 'quit') break;
      } else if (line) {
        // A failed turn is shown, not fatal: the learner can carry on or /reset.
        await say(line).catch((error: unknown) =>
          print(`error: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
      prompt();
    }
  } finally {
    reader.close();
    await sim!.close();
  }
}
