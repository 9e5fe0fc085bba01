/*
 * What a database holds, read from the catalog (never a hard-coded list): its tables, and a count
 * and checksum of every table's rows. Restore refuses a target that has tables; the restore test
 * and an operator checking a restore compare the checksums of source and copy.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rowsOf } from '../rows.js';

const USER_TABLES = sql`from pg_catalog.pg_tables
  where schemaname not in ('pg_catalog', 'information_schema') and schemaname not like 'pg\\_%'`;

/** Every user table as `schema.table`, sorted. */
export async function userTables(db: Database): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select schemaname || '.' || tablename as name ${USER_TABLES} order by 1`),
  );
  return rows.map((row) => row.name);
}

export interface TableChecksum {
  table: string;
  rows: number;
  md5: string;
}

/** Row count and md5 of all rows (as text, in text order) of every user table. */
export async function tableChecksums(db: Database): Promise<TableChecksum[]> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`select schemaname as schema, tablename as name ${USER_TABLES} order by 1, 2`),
  );
  const sums: TableChecksum[] = [];
  for (const { schema, name } of tables) {
    const from = sql.raw(`${quoteIdent(schema)}.${quoteIdent(name)}`);
    const [row] = rowsOf<{ rows: number | string; md5: string | null }>(
      await db.execute(
        sql`select count(*) as rows, md5(string_agg(t::text, E'\n' order by t::text)) as md5 from ${from} t`,
      ),
    );
    sums.push({ table: `${schema}.${name}`, rows: Number(row?.rows ?? 0), md5: row?.md5 ?? '' });
  }
  return sums;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `server_version_num`, e.g. 150020 for 15.20 (pg_dump must be at least this major version). */
export async function serverVersionNum(db: Database): Promise<number> {
  const [row] = rowsOf<{ v: string }>(await db.execute(sql`show server_version_num`));
  return Number(row?.v);
}

/** Sent outbox rows with a provider id and no delivery status yet (the growth simulation reports them). */
export async function unreportedOutbox(db: Database) {
  return rowsOf<{ channel: string; providerId: string }>(
    await db.execute(sql`select o.channel, o.provider_id as "providerId" from outbox o
      where o.provider_id is not null and not exists (select 1 from delivery_statuses s
        where s.channel = o.channel and s.provider_id = o.provider_id)`),
  );
}

export interface TableSize {
  table: string;
  rows: number;
  /** pg_total_relation_size: heap, indexes and TOAST, as on disk (dead tuples included). */
  bytes: number;
  /** The live rows' own bytes (pg_column_size of each row): no indexes, pages or dead tuples. */
  liveBytes: number;
}

/** Rows and on-disk size of every table in the current schema. */
export async function tableSizes(db: Database): Promise<TableSize[]> {
  const tables = rowsOf<{ name: string; bytes: string | number }>(
    await db.execute(sql`select c.relname as name, pg_total_relation_size(c.oid) as bytes
      from pg_class c where c.relkind = 'r'
        and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
      order by 1`),
  );
  const sizes: TableSize[] = [];
  for (const { name, bytes } of tables) {
    const [row] = rowsOf<{ n: string | number; live: string | number | null }>(
      await db.execute(
        sql`select count(*) as n, sum(pg_column_size(t.*)) as live from ${sql.raw(quoteIdent(name))} t`,
      ),
    );
    sizes.push({
      table: name,
      rows: Number(row?.n ?? 0),
      bytes: Number(bytes),
      liveBytes: Number(row?.live ?? 0),
    });
  }
  return sizes;
}

/** The stored conversation snapshot: average and largest, in bytes as stored (jsonb) and as JSON text. */
export async function snapshotSizes(db: Database) {
  const [row] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`select count(*) as learners,
      avg(pg_column_size(snapshot)) as "avgStored", max(pg_column_size(snapshot)) as "maxStored",
      avg(octet_length(snapshot::text)) as "avgText", max(octet_length(snapshot::text)) as "maxText"
      from conversations`),
  );
  const num = (key: string) => Math.round(Number(row?.[key] ?? 0));
  return {
    learners: num('learners'),
    avgStored: num('avgStored'),
    maxStored: num('maxStored'),
    avgText: num('avgText'),
    maxText: num('maxText'),
  };
}

/** The largest snapshot, to read what it holds. */
export async function largestSnapshot(db: Database): Promise<unknown> {
  const [row] = rowsOf<{ snapshot: unknown }>(
    await db.execute(
      sql`select snapshot from conversations order by octet_length(snapshot::text) desc limit 1`,
    ),
  );
  return row?.snapshot;
}
