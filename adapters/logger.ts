import { join } from 'node:path';
import pino, { type DestinationStream, type Logger, type TransportTargetOptions } from 'pino';
import type { Config } from './config/index.js';

const PHONE = /\+\d{8,15}/g;
/** `%2B254…`: a `+` number inside a URL or form body. */
const ENCODED_PHONE = /(%2B)(\d{8,15})(?!\d)/gi;
/**
 * Bare digits are a phone number only where their name says so, as in Twilio's `WaId=2547…` and
 * Meta's `"wa_id":"2547…"`, `"from":"2547…"`: in JSON (also escaped inside a message), in form or
 * query strings and in util.inspect output. A bare number anywhere else (an id, a count, a
 * timestamp) cannot be told from a phone number and stays as it is. `from` and `to` count only
 * with a quoted value (Meta sends strings; a numeric `to` is more likely a time or a bound).
 */
const NAMED_PHONE =
  /(\b(?:wa_?id|phone(?:_?number)?|msisdn|recipient_?id)(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?|\b(?:from|to)\\?["']?\s*[:=]\s*\\?["'])(\d{8,15})(?!\d)/gi;

/**
 * A WhatsApp BSUID (`KE.1502576394655843`, parent `KE.ENT.…`) names a learner as a phone does
 * (docs/whatsapp-identity.md), also after a URL-encoded `whatsapp%3A` (Twilio's form fields). Its
 * body must hold a digit, so `JSON.stringify`-like text stays: a BSUID of letters only (none seen
 * in Meta's or Twilio's examples) is not masked.
 */
const BSUID = /(?<=^|[^A-Za-z0-9]|%3A)([A-Z]{2}\.(?:ENT\.)?)((?=[A-Za-z]*\d)[A-Za-z0-9]{6,128})\b/g;
/**
 * A WhatsApp username, recognisable only by its name: `"username":"amina.k"`, `username=amina.k`,
 * and an identity row's `"kind":"username","value":"amina.k"` or its SQL parameters `'username', 'amina.k'`.
 */
const NAMED_USERNAME =
  /(username(?:\\?["'])?\s*[:=]\s*(?:\\?["'])?|username\\?["']\s*,\s*(?:\\?["']value\\?["']\s*:\s*)?\\?["'])([a-z0-9._]{3,35})/gi;

/** `KE.1502576394655843` → `KE.15•••••••••••843`, as a phone number is masked. */
const maskBsuid = (_: string, prefix: string, body: string) =>
  prefix + body.slice(0, 2) + '•'.repeat(Math.max(body.length - 5, 1)) + body.slice(-3);

/** `+254712345123` → `+2547•••••123`: enough to tell learners apart, not enough to call them. */
export function maskPhone(phone: string): string {
  if (phone.length <= 8) return phone;
  return phone.slice(0, 5) + '•'.repeat(phone.length - 8) + phone.slice(-3);
}

/** `254712345123` → `2547•••••123`, the same digits kept as for a `+` number. */
const maskDigits = (digits: string) => maskPhone(`+${digits}`).slice(1);

export function maskPhones(text: string): string {
  return text
    .replace(PHONE, maskPhone)
    .replace(ENCODED_PHONE, (_, plus: string, digits: string) => plus + maskDigits(digits))
    .replace(NAMED_PHONE, (_, name: string, digits: string) => name + maskDigits(digits))
    .replace(BSUID, maskBsuid)
    .replace(NAMED_USERNAME, (_, name: string, username: string) => name + username.slice(0, 2) + '•••');
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhones(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = maskDeep(item, depth + 1);
  return out;
}

export type { Logger };

export interface LoggerOptions {
  file?: boolean;
  /** Write JSON lines here instead of stdout and files (tests capture what would be logged). */
  destination?: DestinationStream;
}

/** JSON lines to stdout (pretty in development) and to a daily/size-rotated file under `logs/`. */
export function createLogger(config: Pick<Config, 'log'>, options: LoggerOptions = {}): Logger {
  const base: pino.LoggerOptions = {
    level: config.log.level,
    formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? maskPhones(arg) : arg)) as Parameters<typeof method>,
        );
      },
      // The serialized line, so error messages, stacks and child-logger bindings are masked too.
      streamWrite: maskPhones,
    },
    serializers: { err: pino.stdSerializers.err },
  };
  if (options.destination) return pino(base, options.destination);
  if (config.log.level === 'silent') return pino(base);
  const targets: TransportTargetOptions[] = [
    config.log.pretty
      ? { target: 'pino-pretty', options: { destination: 1, translateTime: 'SYS:HH:MM:ss.l' } }
      : { target: 'pino/file', options: { destination: 1 } },
  ];
  if (options.file !== false) {
    targets.push({
      target: 'pino-roll',
      options: {
        file: join(config.log.dir, 'app'),
        extension: '.log',
        frequency: 'daily',
        size: '20m',
        mkdir: true,
        limit: { count: 14 },
      },
    });
  }
  return pino(base, pino.transport({ targets }));
}
