/*
 * `npm run growth`: bytes per learner per year of daily use. Decisions: a sample of learners runs
 * through the real engine for some weeks (default 20 learners × 28 days) and the growth per
 * learner-day is extrapolated to 365 days; rows written at onboarding are counted once, not per
 * day. On PostgreSQL (DATABASE_URL) it works in a fresh database it drops at the end; without it,
 * in an in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { migrate } from '../db/migrator.js';
import {
  largestSnapshot,
  snapshotSizes,
  tableSizes,
  type TableSize,
} from '../db/repositories/database-catalog.js';
import { simulateDailyUse } from './growth/daily-use.js';

const USAGE = 'Usage: npm run growth -- [--learners N (default 20)] [--days D (default 28)] [--json]';
const { values } = parseArgs({
  options: { learners: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } },
});
const count = (raw: string | undefined, fallback: number, name: string) => {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1, got "${raw}"\n${USAGE}`);
    process.exit(1);
  }
  return value;
};
const learners = count(values.learners, 20, 'learners');
const days = count(values.days, 28, 'days');
const TRACKED = [
  'conversations',
  'inbound_messages',
  'activity_log',
  'outbox',
  'delivery_statuses',
  'timers',
];

const { database, label, drop } = await growthDatabase(process.env.DATABASE_URL);
try {
  await migrate(database.db);
  let start: TableSize[] = [];
  const began = Date.now();
  const { turns } = await simulateDailyUse(
    { ...database, cleanup: async () => {} },
    {
      learners,
      days,
      onDay: async (day) => {
        if (day === 0) start = await tableSizes(database.db);
        else if (!values.json && day % 7 === 0) console.error(`day ${day} of ${days}…`);
      },
    },
  );
  const end = await tableSizes(database.db);
  const snapshot = await snapshotSizes(database.db);
  const perYear = (before: number, after: number) => Math.round(((after - before) / (learners * days)) * 365);
  const rows: TableGrowth[] = end.map((table) => {
    const before = start.find((t) => t.table === table.table) ?? { rows: 0, bytes: 0, liveBytes: 0 };
    return {
      table: table.table,
      rowsPerLearnerYear: Math.round(((table.rows - before.rows) / (learners * days)) * 365),
      bytesPerLearnerYear: perYear(before.bytes, table.bytes),
      liveBytesPerLearnerYear: perYear(before.liveBytes, table.liveBytes),
      bytesPerLearnerAtStart: Math.round(before.bytes / learners),
    };
  });
  const tracked = rows.filter((r) => TRACKED.includes(r.table));
  const others = rows.filter((r) => !TRACKED.includes(r.table));
  const sum = (list: typeof rows) => list.reduce((total, r) => total + r.bytesPerLearnerYear, 0);
  const report: GrowthReport = {
    database: label,
    learners,
    days,
    turns,
    seconds: Math.round((Date.now() - began) / 1000),
    perLearnerYear: {
      tables: tracked,
      otherTables: others
        .filter((r) => r.bytesPerLearnerYear > 0)
        .sort((a, b) => b.bytesPerLearnerYear - a.bytesPerLearnerYear),
      otherTablesBytes: sum(others),
      totalBytes: sum(rows),
      totalLiveBytes: rows.reduce((total, r) => total + r.liveBytesPerLearnerYear, 0),
    },
    snapshot,
  };
  if (values.json) console.log(JSON.stringify(report));
  else print(report);
  if (!values.json && process.env.GROWTH_SHOW_SNAPSHOT)
    console.log(JSON.stringify(await largestSnapshot(database.db), null, 1));
} finally {
  await database.close();
  await drop();
}

interface TableGrowth {
  table: string;
  rowsPerLearnerYear: number;
  bytesPerLearnerYear: number;
  liveBytesPerLearnerYear: number;
  bytesPerLearnerAtStart: number;
}

interface GrowthReport {
  database: string;
  learners: number;
  days: number;
  turns: number;
  seconds: number;
  perLearnerYear: {
    tables: TableGrowth[];
    otherTables: TableGrowth[];
    otherTablesBytes: number;
    totalBytes: number;
    totalLiveBytes: number;
  };
  snapshot: Awaited<ReturnType<typeof snapshotSizes>>;
}

function print(report: GrowthReport) {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(
    `${report.learners} learners × ${report.days} days of daily use on ${report.database} (${report.turns} turns, ${report.seconds} s)`,
  );
  console.log(
    'per learner per year of daily use (extrapolated): on disk with indexes and dead tuples | live rows only',
  );
  for (const t of report.perLearnerYear.tables)
    console.log(
      `  ${t.table.padEnd(18)} ${kb(t.bytesPerLearnerYear).padStart(10)} | ${kb(t.liveBytesPerLearnerYear).padStart(10)}  ${String(t.rowsPerLearnerYear).padStart(6)} rows`,
    );
  console.log(`  ${'other tables'.padEnd(18)} ${kb(report.perLearnerYear.otherTablesBytes).padStart(10)}`);
  for (const t of report.perLearnerYear.otherTables)
    console.log(
      `    ${t.table.padEnd(16)} ${kb(t.bytesPerLearnerYear).padStart(10)} | ${kb(t.liveBytesPerLearnerYear).padStart(10)}  ${String(t.rowsPerLearnerYear).padStart(6)} rows`,
    );
  const { totalBytes, totalLiveBytes } = report.perLearnerYear;
  console.log(`  ${'total'.padEnd(18)} ${kb(totalBytes).padStart(10)} | ${kb(totalLiveBytes).padStart(10)}`);
  const s = report.snapshot;
  console.log(
    `conversation snapshot per learner: ${s.avgStored} B stored (largest ${s.maxStored} B), ${s.avgText} B as JSON text (largest ${s.maxText} B)`,
  );
}

async function growthDatabase(
  url: string | undefined,
): Promise<{ database: DatabaseHandle; label: string; drop: () => Promise<void> }> {
  if (!url)
    return {
      database: await openDatabase({ kind: 'pglite' }),
      label: 'PGlite (in memory)',
      drop: async () => {},
    };
  const name = `learnloop_growth_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    database: await openDatabase({ kind: 'postgres', url: target.toString() }),
    label: `PostgreSQL (a fresh database ${name}, dropped after)`,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
