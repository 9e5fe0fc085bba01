import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Env } from './env.js';
import { ConfigError, loadConfig } from './index.js';
import { estimatedSecretBits } from './secrets.js';

/** The problems loadConfig reports for `env`, one line each; fails if it accepts the env. */
function problemsWith(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to refuse this environment');
}

const linesNaming = (problems: string[], name: string) => problems.filter((line) => line.includes(name));

const TWILIO = {
  WHATSAPP_CHANNEL: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
};

/** What `openssl rand -hex 32` prints. */
const PRODUCTION = {
  ...TWILIO,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db.internal/learnloop',
  JWT_SECRET: '9d1f3c5e7a2b4d6f8e0a1c3e5b7d9f2a4c6e8b0d2f4a6c8e1b3d5f7a9c2e4b6d',
};

describe('loadConfig', () => {
  it('runs with no configuration at all: embedded database, port 3000, console channel', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dir: '.data/pglite' });
    expect(config.channel).toBe('console');
    expect(config.redisUrl).toBeUndefined();
    expect(config.twilio).toBeUndefined();
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.whatsappMps).toBe(80);
  });

  it('runs both roles by default; ROLE=web or worker needs PostgreSQL, and an unknown role is named', () => {
    expect(loadConfig({}).role).toBe('all');
    expect(loadConfig({ ROLE: 'worker', DATABASE_URL: 'postgres://db/app' }).role).toBe('worker');
    expect(problemsWith({ ROLE: 'web' })).toEqual([
      expect.stringMatching(/^ROLE=web needs DATABASE_URL: the embedded PGlite belongs to one process/),
    ]);
    expect(problemsWith({ ROLE: 'both', DATABASE_URL: 'postgres://db/app' })).toEqual([
      'ROLE="both" is not valid: expected one of all, web, worker',
    ]);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '  ', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('reads Twilio settings when the Twilio channel is selected', () => {
    const config = loadConfig(TWILIO);
    expect(config.channel).toBe('twilio');
    expect(config.twilio).toEqual({
      accountSid: TWILIO.TWILIO_ACCOUNT_SID,
      authToken: 'token',
      from: 'whatsapp:+14155238886',
      apiBaseUrl: 'https://api.twilio.com',
    });
  });

  it('names TWILIO_ACCOUNT_SID, in one line, when Twilio is selected without it', () => {
    const problems = problemsWith({ ...TWILIO, TWILIO_ACCOUNT_SID: undefined });
    expect(problems).toHaveLength(1);
    expect(linesNaming(problems, 'TWILIO_ACCOUNT_SID')).toHaveLength(1);
    expect(problems[0]).toMatch(/missing/);
  });

  it('reports every problem at once, one line each, and says where to look', () => {
    const env = { WHATSAPP_CHANNEL: 'twilio', PORT: 'eighty', LOG_LEVEL: 'loud' };
    const problems = problemsWith(env);
    for (const name of [
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_WHATSAPP_FROM',
      'PORT',
      'LOG_LEVEL',
    ]) {
      expect(linesNaming(problems, name), name).toHaveLength(1);
    }
    expect(problems).toHaveLength(5);
    expect(problems.every((line) => !line.includes('\n'))).toBe(true);
    expect(() => loadConfig(env)).toThrow(/See \.env\.example/);
  });

  it.each([
    ['PORT', 'eighty', /whole number/],
    ['PORT', '70000', /whole number from 0 to 65535/],
    ['DATABASE_URL', 'mysql://localhost/db', /postgres:/],
    ['DATABASE_URL', 'not a url', /postgres:/],
    ['LOG_LEVEL', 'loud', /one of fatal, error/],
    ['WHATSAPP_CHANNEL', 'telegram', /one of console, twilio, meta/],
    ['REDIS_URL', 'http://localhost:6379', /redis:/],
  ])('names %s when it is malformed (%s)', (name, value, expected) => {
    const problems = problemsWith({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain(value);
    expect(problems[0]).toMatch(expected);
  });

  it('refuses the embedded database and a missing JWT secret in production', () => {
    const problems = problemsWith({ NODE_ENV: 'production', ...TWILIO });
    expect(linesNaming(problems, 'DATABASE_URL')).toHaveLength(1);
    expect(linesNaming(problems, 'JWT_SECRET')).toEqual([expect.stringContaining('openssl rand -hex 32')]);
    expect(problems).toHaveLength(2);
  });

  it('starts in production with PostgreSQL, a real channel and a random secret', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://db.internal/learnloop' });
    expect(config.jwt).toEqual({ secret: PRODUCTION.JWT_SECRET, expiresInSeconds: 28800 });
  });

  it.each([
    ['32 × "a"', 'a'.repeat(32), /not random enough/],
    ['two characters repeated', 'ab'.repeat(20), /not random enough/],
    ['a sentence', 'correct horse battery staple!!!!', /not random enough/],
    ['16 random bytes in hex', '3f9c2a7be1d04c8a9e6b5d2f1a0c7e4b', /not random enough/],
    ['the old development secret', 'dev-only-jwt-secret-change-me', /too short/],
  ])('refuses a weak JWT_SECRET in production (%s) and says how to make one', (_case, secret, reason) => {
    const problems = problemsWith({ ...PRODUCTION, JWT_SECRET: secret });
    expect(problems).toEqual([expect.stringMatching(reason)]);
    expect(problems[0]).toMatch(/^JWT_SECRET .*openssl rand -hex 32/);
  });

  it('scores what openssl prints far above 32 × "a"', () => {
    expect(estimatedSecretBits('a'.repeat(32))).toBe(0);
    expect(estimatedSecretBits(PRODUCTION.JWT_SECRET)).toBeGreaterThan(200);
    expect(estimatedSecretBits('q3Jm0Zb+Vh2u8XkW1pYf9cN4rTgL6sAe5dOiKxBnUyE=')).toBeGreaterThan(180);
  });

  it('without JWT_SECRET outside production, signs with a random secret per process, never a known one', () => {
    const first = loadConfig({});
    const second = loadConfig({ NODE_ENV: 'test' });
    expect(first.jwt.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(second.jwt.secret).not.toBe(first.jwt.secret);
    expect(first.jwt.perProcess).toBe(true);
    expect(loadConfig({ JWT_SECRET: 'shared-dev-secret' }).jwt).toEqual({
      secret: 'shared-dev-secret',
      expiresInSeconds: 28800,
    });
  });

  it('refuses the console channel in production, in one line naming the fix', () => {
    const { WHATSAPP_CHANNEL: _twilio, ...consoleByDefault } = PRODUCTION;
    for (const env of [consoleByDefault, { ...PRODUCTION, WHATSAPP_CHANNEL: 'console' }]) {
      const problems = problemsWith(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^WHATSAPP_CHANNEL .*\/simulator.*set WHATSAPP_CHANNEL=twilio or meta$/);
    }
    expect(loadConfig({ WHATSAPP_CHANNEL: 'console' }).channel).toBe('console');
  });

  it('sends to the newest Graph API version unless META_API_VERSION says another', () => {
    expect(loadConfig({}).metaApiVersion).toBe('v26.0');
    expect(loadConfig({ META_API_VERSION: 'v25.0' }).metaApiVersion).toBe('v25.0');
  });

  it.each(['25.0', 'v25', 'V25.0', 'latest', 'v25.0.1'])('names META_API_VERSION when it is %s', (value) => {
    expect(problemsWith({ META_API_VERSION: value })).toEqual([
      `META_API_VERSION="${value}" is not valid: expected a Graph API version like v26.0 (v, major, dot, minor)`,
    ]);
  });

  it('asks for ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(linesNaming(problemsWith({ ADMIN_EMAIL: 'admin@example.com' }), 'ADMIN_PASSWORD')).toHaveLength(1);
  });
});

describe('HOST', () => {
  const production = {
    ...TWILIO,
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://db.internal/learnloop',
    JWT_SECRET: '9f2c4e7a1b8d3f6e0a5c2b9d4e7f1a3c6b8d0e2f4a7c9e1b3d5f7a9c2e4b6d8f',
  };

  it('listens on loopback in development and test, on every interface in production', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig(production).host).toBe('0.0.0.0');
  });

  it('takes an address or a host name, and names HOST when it is neither', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
    expect(loadConfig({ ...production, HOST: '10.0.0.7' }).host).toBe('10.0.0.7');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
    const problems = problemsWith({ HOST: 'http://0.0.0.0:3000' });
    expect(problems).toEqual([
      'HOST="http://0.0.0.0:3000" is not valid: expected an address such as 127.0.0.1, 0.0.0.0 or ::',
    ]);
  });
});

describe('tutor model (OPENAI_*)', () => {
  it('is off without a key: the tutor answers offline', () => {
    expect(loadConfig({}).openai).toBeUndefined();
    expect(loadConfig({}).tutor).toEqual({ dailyTokensPerLearner: 20000, dailyTokens: 2000000 });
  });

  it('with a key: the model, base URL, time limit and retries', () => {
    const config = loadConfig({
      OPENAI_API_KEY: 'ollama',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'llama3.2',
      OPENAI_TIMEOUT_MS: '5000',
    });
    expect(config.openai).toEqual({
      apiKey: 'ollama',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.2',
      timeoutMs: 5000,
      maxRetries: 2,
    });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x' }).openai?.model).toBe('gpt-4o-mini');
  });

  it('refuses half a configuration, naming the missing key', () => {
    expect(problemsWith({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.2' })).toEqual([
      'OPENAI_API_KEY is missing: OPENAI_BASE_URL and OPENAI_MODEL are set, so the tutor would use a model (a local server such as Ollama accepts any value, e.g. OPENAI_API_KEY=ollama); unset OPENAI_BASE_URL and OPENAI_MODEL to keep the offline tutor',
    ]);
    expect(
      linesNaming(problemsWith({ OPENAI_MODEL: 'x' }), 'OPENAI_API_KEY is missing: OPENAI_MODEL is set'),
    ).toHaveLength(1);
  });

  it('refuses a malformed base URL, time limit or budget', () => {
    expect(
      problemsWith({
        OPENAI_API_KEY: 'k',
        OPENAI_BASE_URL: 'localhost:11434',
        OPENAI_TIMEOUT_MS: '10',
        TUTOR_DAILY_TOKENS: '-1',
      }),
    ).toEqual([
      'OPENAI_BASE_URL="localhost:11434" is not valid: expected a URL starting with https://…',
      'OPENAI_TIMEOUT_MS="10" is not valid: expected a whole number from 100 to 120000',
      'TUTOR_DAILY_TOKENS="-1" is not valid: expected a whole number from 0 to 1000000000',
    ]);
  });
});

describe('.env.example', () => {
  const source = [
    './index.ts',
    './mpesa.ts',
    './metrics.ts',
    './alerts.ts',
    '../backup/config.ts',
    '../retention/config.ts',
  ]
    .map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'))
    .join('\n');
  const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  // `read.x('NAME'` calls, and the `['NAME', why]` tables some parts read from.
  const readByConfig = [...source.matchAll(/(?:read\.\w+\(\s*|\[\s*)'([A-Z][A-Z0-9_]*)'/g)].map(
    (match) => match[1]!,
  );
  const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);

  it('finds the variables config reads (guards the extraction itself)', () => {
    expect(readByConfig.length).toBeGreaterThan(20);
    expect(readByConfig).toContain('TWILIO_ACCOUNT_SID');
  });

  it('documents every variable the config reads', () => {
    expect(readByConfig.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('documents each variable with a comment line right above it', () => {
    const lines = example.split('\n');
    const undescribed = lines
      .map((line, index) => ({ line, above: lines[index - 1] ?? '' }))
      .filter(({ line }) => /^#?\s*[A-Z][A-Z0-9_]*=/.test(line))
      .filter(({ above }) => !/^#\s+\S/.test(above) || /^#?\s*[A-Z][A-Z0-9_]*=/.test(above))
      .map(({ line }) => line);
    expect(undescribed).toEqual([]);
  });

  it('documents nothing the app no longer reads', () => {
    const testOnly = ['TEST_DATABASE_URL', 'TEST_REDIS_URL'];
    expect(documented.filter((name) => !readByConfig.includes(name) && !testOnly.includes(name))).toEqual([]);
  });
});
