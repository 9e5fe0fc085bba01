import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configuredDriver, TEST_POSTGRES_URL, TEST_REDIS_URL } from './db.js';

const services = `database: ${configuredDriver()}, cache: ${process.env.REDIS_URL ? 'redis' : 'in-process'}`;

describe(`test services (${services})`, () => {
  it('run on PostgreSQL exactly when DATABASE_URL is set', () => {
    expect(configuredDriver()).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });
});

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; status: string }[] }[];
}

describe('npm run test:embedded', () => {
  it('runs the suite on the embedded defaults even with DATABASE_URL and REDIS_URL set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'test-embedded-'));
    try {
      const report = join(dir, 'report.json');
      const child = spawn(
        'npm',
        [
          'run',
          '--silent',
          'test:embedded',
          '--',
          '--coverage.enabled=false',
          '--reporter=json',
          `--outputFile=${report}`,
          'tests/harness/db.int.test.ts',
          '-t',
          'run on PostgreSQL exactly when',
        ],
        {
          cwd: fileURLToPath(new URL('../..', import.meta.url)),
          env: { ...process.env, DATABASE_URL: TEST_POSTGRES_URL, REDIS_URL: TEST_REDIS_URL },
          stdio: 'ignore',
        },
      );
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      const result = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
      expect(result).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
      const ran = result.testResults
        .flatMap((file) => file.assertionResults)
        .filter((t) => t.status === 'passed');
      expect(ran.map((t) => t.ancestorTitles[0])).toEqual([
        'test services (database: pglite, cache: in-process)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
