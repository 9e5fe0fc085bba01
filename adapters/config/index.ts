import { DEFAULT_META_API_VERSION } from '../channels/meta/graph-versions.js';
import { alertsConfig, type AlertsConfig } from './alerts.js';
import { EnvReader, type Env } from './env.js';
import { metricsConfig, type MetricsConfig } from './metrics.js';
import { mpesaConfig, type MpesaConfig } from './mpesa.js';
import { backupConfig, type BackupConfig } from '../backup/config.js';
import { retentionConfig, type RetentionConfig } from '../retention/config.js';
import { perProcessSecret, weakSecretReason } from './secrets.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const CHANNELS = ['console', 'twilio', 'meta'] as const;
export const ROLES = ['all', 'web', 'worker'] as const;

export type Channel = (typeof CHANNELS)[number];

export interface Config {
  env: 'development' | 'test' | 'production';
  /**
   * What this process runs (ROLE, docs/scaling.md): `web` the HTTP app and the turns it takes,
   * `worker` the scheduler's jobs and the sender (HTTP only for /health and /metrics), `all` both.
   */
  role: (typeof ROLES)[number];
  /** The address the server listens on: loopback unless production (or HOST) says otherwise. */
  host: string;
  port: number;
  publicBaseUrl: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };
  redisUrl?: string;
  log: { level: (typeof LOG_LEVELS)[number]; dir: string; pretty: boolean };
  channel: Channel;
  whatsappMps: number;
  twilio?: { accountSid: string; authToken: string; from: string; apiBaseUrl: string };
  meta?: {
    accessToken: string;
    phoneNumberId: string;
    appSecret: string;
    verifyToken: string;
    apiBaseUrl: string;
  };
  /** The tutor's model; unset, the tutor answers offline with passages from the course. */
  openai?: { apiKey: string; baseUrl?: string; model: string; timeoutMs: number; maxRetries: number };
  /** Safaricom Daraja; unset, the simulated M-PESA (outside production) or no payments (production). */
  mpesa?: MpesaConfig;
  /** Daily token budgets of the tutor: per learner and for the whole deployment. */
  tutor: { dailyTokensPerLearner: number; dailyTokens: number };
  /** Graph API version Meta sends go to (`META_API_VERSION`), e.g. v26.0. */
  metaApiVersion: string;
  /** `perProcess`: JWT_SECRET was unset, so tokens die with this process (development only). */
  jwt: { secret: string; expiresInSeconds: number; perProcess?: boolean };
  admin?: { email: string; password: string };
  rateLimit: { points: number; windowSeconds: number };
  shutdownTimeoutMs: number;
  /** /metrics access and the slow-statement log (METRICS_TOKEN, SLOW_QUERY_MS). */
  metrics: MetricsConfig;
  /** `npm run backup`, its retention and the scheduled backup (BACKUP_*). */
  backup: BackupConfig;
  /** Days the high-volume tables keep their rows (RETAIN_*_DAYS). */
  retention: RetentionConfig;
  /** Alert thresholds and where breaches are sent (ALERT_*). */
  alerts: AlertsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example.`);
    this.name = 'ConfigError';
  }
}

/**
 * The tutor's model server. A base URL or model without a key is half a configuration: refused,
 * naming the key (local servers such as Ollama accept any value, but the variable says "on").
 */
function openaiConfig(read: EnvReader): Config['openai'] {
  const apiKey = read.optional('OPENAI_API_KEY');
  const baseUrl = read.url('OPENAI_BASE_URL', ['https:', 'http:']);
  const model = read.optional('OPENAI_MODEL');
  const timeoutMs = read.integer('OPENAI_TIMEOUT_MS', 15000, 100, 120000);
  const maxRetries = read.integer('OPENAI_MAX_RETRIES', 2, 0, 10);
  if (!apiKey) {
    const set = [baseUrl && 'OPENAI_BASE_URL', model && 'OPENAI_MODEL'].filter(Boolean);
    if (set.length > 0)
      read.problems.push(
        `OPENAI_API_KEY is missing: ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set, so the tutor would use a model (a local server such as Ollama accepts any value, e.g. OPENAI_API_KEY=ollama); unset ${set.join(' and ')} to keep the offline tutor`,
      );
    return undefined;
  }
  return { apiKey, ...(baseUrl ? { baseUrl } : {}), model: model ?? 'gpt-4o-mini', timeoutMs, maxRetries };
}

/** Reads and validates the environment once; every problem is reported, one line each. */
export function loadConfig(env: Env = process.env): Config {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'test', 'production'], 'development');
  const port = read.integer('PORT', 3000, 0, 65535);
  const host = read.host('HOST', nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1');
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = read.url('REDIS_URL', ['redis:', 'rediss:']);
  const channel = read.oneOf('WHATSAPP_CHANNEL', CHANNELS, 'console');
  const jwtSecret = read.optional('JWT_SECRET');

  const twilio =
    channel === 'twilio'
      ? {
          accountSid: read.required(
            'TWILIO_ACCOUNT_SID',
            'WHATSAPP_CHANNEL=twilio needs your Account SID (AC…)',
          ),
          authToken: read.required('TWILIO_AUTH_TOKEN', 'WHATSAPP_CHANNEL=twilio needs your Auth Token'),
          from: read.required(
            'TWILIO_WHATSAPP_FROM',
            'WHATSAPP_CHANNEL=twilio needs a sender like whatsapp:+14155238886',
          ),
          apiBaseUrl: read.url('TWILIO_API_BASE_URL', ['https:', 'http:'], 'https://api.twilio.com')!,
        }
      : undefined;
  const meta =
    channel === 'meta'
      ? {
          accessToken: read.required(
            'META_ACCESS_TOKEN',
            'WHATSAPP_CHANNEL=meta needs a Cloud API access token',
          ),
          phoneNumberId: read.required(
            'META_PHONE_NUMBER_ID',
            'WHATSAPP_CHANNEL=meta needs the sender phone number id',
          ),
          appSecret: read.required(
            'META_APP_SECRET',
            'WHATSAPP_CHANNEL=meta needs the app secret to check webhook signatures',
          ),
          verifyToken: read.required(
            'META_VERIFY_TOKEN',
            'WHATSAPP_CHANNEL=meta needs the webhook verify token',
          ),
          apiBaseUrl: read.url('META_API_BASE_URL', ['https:', 'http:'], 'https://graph.facebook.com')!,
        }
      : undefined;
  const openai = openaiConfig(read);
  const mpesa = mpesaConfig(read);
  const adminEmail = read.optional('ADMIN_EMAIL');
  const adminPassword = read.optional('ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    read.problems.push(
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together (the first admin is created from them)',
    );
  }
  if (adminPassword && adminPassword.length < 8) {
    read.problems.push('ADMIN_PASSWORD is too short: use at least 8 characters');
  }

  const role = read.oneOf('ROLE', ROLES, 'all');
  if (role !== 'all' && !databaseUrl)
    read.problems.push(
      `ROLE=${role} needs DATABASE_URL: the embedded PGlite belongs to one process, so separate web and worker processes must share a PostgreSQL (or leave ROLE unset to run both in one process)`,
    );

  const config: Config = {
    env: nodeEnv,
    role,
    host,
    port,
    publicBaseUrl: read.url('PUBLIC_BASE_URL', ['https:', 'http:'], `http://localhost:${port}`)!,
    database: databaseUrl
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'pglite', dir: read.string('PGLITE_DIR', '.data/pglite') },
    redisUrl,
    log: {
      level: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
      dir: read.string('LOG_DIR', 'logs'),
      pretty: nodeEnv === 'development' && read.string('LOG_PRETTY', 'true') !== 'false',
    },
    channel,
    whatsappMps: read.integer('WHATSAPP_MPS', 80, 1, 10000),
    twilio,
    meta,
    openai,
    mpesa,
    tutor: {
      dailyTokensPerLearner: read.integer('TUTOR_DAILY_TOKENS_PER_LEARNER', 20000, 0, 10_000_000),
      dailyTokens: read.integer('TUTOR_DAILY_TOKENS', 2_000_000, 0, 1_000_000_000),
    },
    metaApiVersion: read.graphApiVersion('META_API_VERSION', DEFAULT_META_API_VERSION),
    jwt: {
      // Unset outside production: random per process, so no secret known from the source signs tokens.
      secret: jwtSecret ?? perProcessSecret(),
      ...(jwtSecret === undefined ? { perProcess: true } : {}),
      expiresInSeconds: read.integer('JWT_EXPIRES_IN', 8 * 3600, 60, 30 * 24 * 3600),
    },
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    rateLimit: {
      points: read.integer('RATE_LIMIT_PER_PHONE', 30, 1, 100000),
      windowSeconds: read.integer('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86400),
    },
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    metrics: metricsConfig(read),
    backup: backupConfig(read),
    retention: retentionConfig(read),
    alerts: alertsConfig(read),
  };

  if (nodeEnv === 'production') {
    if (!databaseUrl)
      read.problems.push('DATABASE_URL is missing: production refuses the embedded database (PGlite)');
    const weakSecret = weakSecretReason(jwtSecret);
    if (weakSecret) read.problems.push(weakSecret);
    if (channel === 'console') {
      read.problems.push(
        'WHATSAPP_CHANNEL is console (the default), which production refuses: /bot/console and /simulator would let anyone write as any learner and read the replies; set WHATSAPP_CHANNEL=twilio or meta',
      );
    }
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
