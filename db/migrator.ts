import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { rowsOf } from './rows.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it keeps two processes starting at once from migrating together.
const MIGRATION_LOCK = 727_001;

interface Journal {
  entries: { idx: number; tag: string }[];
}

export interface Migration {
  tag: string;
  up: string[];
  down: string[];
}

function statements(text: string): string[] {
  return (
    text
      .split('--> statement-breakpoint')
      // drizzle-kit qualifies references with "public"; we run in the connection's schema instead.
      .map((s) => s.replaceAll('"public".', '').trim())
      .filter(Boolean)
  );
}

/** Reads drizzle-kit's journal and each migration's up SQL plus the hand-written `<tag>.down.sql`. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const downPath = join(dir, `${tag}.down.sql`);
      if (!existsSync(downPath)) throw new Error(`Migration ${tag} has no down SQL: write ${downPath}`);
      return {
        tag,
        up: statements(readFileSync(join(dir, `${tag}.sql`), 'utf8')),
        down: statements(readFileSync(downPath, 'utf8')),
      };
    });
}

async function ensureLedger(db: Database): Promise<void> {
  await db.execute(
    sql`create table if not exists schema_migrations (tag text primary key, applied_at timestamptz not null default now())`,
  );
}

async function appliedTags(db: Database): Promise<string[]> {
  const result = await db.execute<{ tag: string }>(sql`select tag from schema_migrations order by tag`);
  return rowsOf<{ tag: string }>(result).map((r) => r.tag);
}

/** Applies every pending migration, each in its own transaction. Returns the tags applied. */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  await ensureLedger(db);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      const rows = await tx.execute(sql`select 1 from schema_migrations where tag = ${migration.tag}`);
      if (rowsOf(rows).length > 0) return false;
      for (const statement of migration.up) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into schema_migrations (tag) values (${migration.tag})`);
      return true;
    });
    if (done) applied.push(migration.tag);
  }
  return applied;
}

/** Undoes the last applied migration with its down SQL. Returns its tag, or null when none is applied. */
export async function rollback(db: Database, migrations = readMigrations()): Promise<string | null> {
  await ensureLedger(db);
  const last = (await appliedTags(db)).at(-1);
  if (!last) return null;
  const migration = migrations.find((m) => m.tag === last);
  if (!migration) throw new Error(`Applied migration ${last} is not in db/migrations: cannot roll it back`);
  await db.transaction(async (tx) => {
    for (const statement of migration.down) await tx.execute(sql.raw(statement));
    await tx.execute(sql`delete from schema_migrations where tag = ${last}`);
  });
  return last;
}

/** Drops everything the migrations created, then applies them again. */
export async function resetDatabase(db: Database): Promise<void> {
  while ((await rollback(db)) !== null);
  await migrate(db);
}
