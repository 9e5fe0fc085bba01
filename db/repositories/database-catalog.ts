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
