import { sql } from 'drizzle-orm';
import pino from 'pino';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachDatabase, testDatabase, type TestDatabase } from '../../tests/harness/db.js';
import { statementObserver } from './instrument.js';
import { createMetrics } from './registry.js';

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

forEachDatabase((kind) =>
  describe(`slow statements on ${kind}`, () => {
    let database: TestDatabase | undefined;
    afterEach(async () => {
      await database?.cleanup();
    });

    it('logs a statement over SLOW_QUERY_MS with its shape, never its values, and counts it', async () => {
      database = await testDatabase(kind);
      const metrics = createMetrics();
      const { logger, lines } = capturedLogger();
      const slowStatement = sql.raw(`select pg_sleep(0.05), 'secret-phone +254700000001' as who, 42 as n`);
      // pg_sleep(0.05) takes at least 50 ms: over a 5 ms threshold on any machine, under 10 minutes too.
      database.observe?.(statementObserver(metrics, logger, 5));
      await database.db.execute(slowStatement);
      database.observe?.(statementObserver(metrics, logger, 600_000));
      await database.db.execute(slowStatement);
      await database.db.execute(sql`select ${'bound-value'}::text as fast`);
      const slow = lines.filter((line) => line.msg === 'slow statement');
      expect(slow).toEqual([
        expect.objectContaining({
          level: 40,
          part: 'database',
          statement: 'select pg_sleep(?), ? as who, ? as n',
        }),
      ]);
      expect(JSON.stringify(lines)).not.toContain('254700000001');
      expect(await metrics.slowStatements.get()).toMatchObject({ values: [{ value: 1 }] });
      const timed = await metrics.statements.get();
      expect(timed.values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(3);
      expect((await metrics.statementsInFlight.get()).values[0]?.value).toBe(0);
    });
  }),
);
