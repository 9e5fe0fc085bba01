import { parseArgs } from 'node:util';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchOptions {
  databaseUrl: string;
  /** True when DATABASE_URL was unset and the default was used (the output says so). */
  defaultDatabase: boolean;
  /** Measured requests per server. */
  messages: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Distinct learners (phones) in the measured run. */
  learners: number;
  /** Unmeasured requests before each measured run. */
  warmup: number;
  /** The measured messages are sent in this many rounds, alternating server and floor. */
  rounds: number;
  /** Connections in the app's pool and in the floor's pool. */
  poolSize: number;
  jsonOnly: boolean;
  /** console: the console endpoint against the floor; twilio: signed webhooks through to a fake Twilio. */
  channel: BenchChannel;
  /** Twilio only: the burst run's size (null: the throughput run). */
  burst: number | null;
  /** WHATSAPP_MPS during the burst run. */
  mps: number;
}

export type BenchChannel = 'console' | 'twilio';
const CHANNELS: readonly BenchChannel[] = ['console', 'twilio'];
export const DEFAULT_BURST = 10_000;
export const DEFAULT_MPS = 80;

const USAGE = `Usage: npm run bench -- [--channel console|twilio] [--messages N] [--concurrency C] [--learners L] [--warmup W] [--rounds R] [--json-only]
       npm run bench -- --channel twilio --burst [N] [--mps M] [--concurrency C] [--learners L] [--json-only]
  --messages     measured requests per server (default 5000)
  --concurrency  requests in flight at once (default 10)
  --learners     learners, each with their own phone (default 200)
  --warmup       unmeasured requests to each server before measuring, so V8 has optimised the code
                 (default 1000)
  --rounds       alternate server and floor this many times (default 5)
  --json-only    print only the final JSON line
  --channel      console (default): the console endpoint against the floor; twilio: signed webhooks to
                 POST /webhooks/twilio, measured until the fake Twilio receives each reply
  --burst        twilio: send N webhooks as fast as the server takes them (default ${DEFAULT_BURST}) and check
                 that the fake Twilio never sees more than --mps sends in a wall-clock second
  --mps          WHATSAPP_MPS for the burst run (default ${DEFAULT_MPS}, the product's default)
DATABASE_URL picks the PostgreSQL (default ${DEFAULT_DATABASE_URL}); the bench works in a fresh schema it drops at the end.`;

export class UsageError extends Error {
  readonly usage = USAGE;
}

function positive(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

/** `--burst` may stand alone (the default size): give parseArgs the value it expects. */
function withBurstValue(argv: string[]): string[] {
  return argv.flatMap((arg, i) =>
    arg === '--burst' && (i === argv.length - 1 || argv[i + 1]!.startsWith('-'))
      ? [arg, String(DEFAULT_BURST)]
      : [arg],
  );
}

/** Reads the command line and DATABASE_URL; throws UsageError with the usage text on a bad flag. */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: withBurstValue(argv),
      options: {
        messages: { type: 'string' },
        concurrency: { type: 'string' },
        learners: { type: 'string' },
        warmup: { type: 'string' },
        rounds: { type: 'string' },
        'json-only': { type: 'boolean', default: false },
        channel: { type: 'string' },
        burst: { type: 'string' },
        mps: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) throw new UsageError('');
  const str = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const databaseUrl = env.DATABASE_URL?.trim();
  const channel = (str('channel') ?? 'console') as BenchChannel;
  if (!CHANNELS.includes(channel))
    throw new UsageError(`--channel must be one of ${CHANNELS.join(', ')}, got "${channel}"`);
  if (str('burst') !== undefined && channel !== 'twilio')
    throw new UsageError('--burst needs --channel twilio');
  if (str('mps') !== undefined && str('burst') === undefined)
    throw new UsageError('--mps sets WHATSAPP_MPS for the burst run: add --burst');
  return {
    databaseUrl: databaseUrl || DEFAULT_DATABASE_URL,
    defaultDatabase: !databaseUrl,
    messages: positive('messages', str('messages'), 5000),
    concurrency: positive('concurrency', str('concurrency'), 10),
    learners: positive('learners', str('learners'), 200),
    warmup: positive('warmup', str('warmup'), 1000, 0),
    rounds: positive('rounds', str('rounds'), 5),
    poolSize: 10,
    jsonOnly: values['json-only'] === true,
    channel,
    burst: str('burst') === undefined ? null : positive('burst', str('burst'), DEFAULT_BURST),
    mps: positive('mps', str('mps'), DEFAULT_MPS),
  };
}
