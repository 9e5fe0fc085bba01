import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { freePort } from '../tests/e2e/server-process.js';

/** Runs a script as `npm run` would, with only the environment given; its exit code and output. */
async function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('start-up with PostgreSQL unreachable', () => {
  it.each(['scripts/start.ts', 'scripts/migrate.ts'])(
    '%s says "cannot reach PostgreSQL at host:port" in one line, without the password, and exits 1',
    async (script) => {
      // A port nothing listens on: PostgreSQL stopped.
      const port = await freePort();
      const result = await run(script, {
        NODE_ENV: 'development',
        DATABASE_URL: `postgres://learnloop:hunter2-secret@127.0.0.1:${port}/learnloop`,
        LOG_DIR: tmpdir(),
      });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused): start it, or check DATABASE_URL\n`,
      });
    },
  );
});
