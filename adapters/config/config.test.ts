import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Env } from './env.js';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from './index.js';

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

  it('refuses the embedded database and the development JWT secret in production', () => {
    const problems = problemsWith({ NODE_ENV: 'production' });
    expect(linesNaming(problems, 'DATABASE_URL')).toHaveLength(1);
    expect(linesNaming(problems, 'JWT_SECRET')).toHaveLength(1);

    const withDevSecret = problemsWith({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.internal/learnloop',
      JWT_SECRET: DEV_JWT_SECRET,
    });
    expect(withDevSecret).toEqual([expect.stringContaining('JWT_SECRET')]);
  });

  it('starts in production with PostgreSQL and a strong secret', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db.internal/learnloop',
      JWT_SECRET: 'x'.repeat(32),
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://db.internal/learnloop' });
  });

  it('asks for ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(linesNaming(problemsWith({ ADMIN_EMAIL: 'admin@example.com' }), 'ADMIN_PASSWORD')).toHaveLength(1);
  });
});

describe('.env.example', () => {
  const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const readByConfig = [...source.matchAll(/read\.\w+\(\s*'([A-Z][A-Z0-9_]*)'/g)].map((match) => match[1]!);
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
