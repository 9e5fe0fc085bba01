import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import { connectionError } from './unavailable.js';

export type Schema = typeof schema;
/** One type for both drivers: every repository is written once against it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type DatabaseTarget =
  | {
      kind: 'postgres';
      url: string;
      max?: number;
      /** search_path, so tests can isolate themselves in a schema */ schema?: string;
    }
  | {
      kind: 'pglite';
      dir?: string;
      /** Start from a dump (tests clone one migrated database). */ loadDataDir?: Blob;
    };

/** Told of each statement as it is issued (metrics, the slow-statement log); call what it returns when it settles. */
export interface QueryObserver {
  started(statement: string): (failed: boolean) => void;
}

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** The embedded engine, when running on PGlite (pg-boss attaches to it with `fromPglite`). */
  pglite?: PGlite;
  /** The postgres.js pool, when running on PostgreSQL. */
  client?: postgres.Sql;
  /** Connections the pool may open (1 on PGlite). Optional: hand-built handles in tests lack it. */
  poolSize?: number;
  /** Every statement from now on (PGlite: those outside transactions) is reported to `observer`. */
  observe?(observer: QueryObserver | null): void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** PGlite in a folder (or in memory when `dir` is omitted) by default, postgres.js when a URL is given. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  let observer: QueryObserver | null = null;
  const observe = (next: QueryObserver | null) => void (observer = next);
  if (target.kind === 'postgres') {
    const poolSize = target.max ?? 10;
    const client = postgres(target.url, {
      max: poolSize,
      onnotice: () => {},
      connection: target.schema ? { search_path: target.schema } : {},
      // Under Twilio's 15 s webhook timeout: a server that drops packets becomes a 503, not a hang.
      connect_timeout: 10,
    });
    // Connect now, so a wrong or stopped server is one clear line at start, not a failed query later.
    try {
      await client`select 1`;
    } catch (error) {
      await client.end({ timeout: 0 });
      throw connectionError(error, target.url);
    }
    const db = drizzlePostgres(
      preparedStatements(client, () => observer),
      { schema },
    ) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      client,
      poolSize,
      observe,
      ping: async () => void (await db.execute(sql`select 1`)),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (target.dir) mkdirSync(target.dir, { recursive: true });
  const pglite = new PGlite({ dataDir: target.dir, loadDataDir: target.loadDataDir });
  await pglite.waitReady;
  const query = pglite.query.bind(pglite);
  pglite.query = ((statement: string, ...rest: unknown[]) => {
    const settle = observer?.started(statement);
    const pending = (query as (...args: unknown[]) => Promise<unknown>)(statement, ...rest);
    return settle ? settled(pending, settle) : pending;
  }) as PGlite['query'];
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    pglite,
    poolSize: 1,
    observe,
    ping: async () => void (await db.execute(sql`select 1`)),
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * drizzle passes `prepare: false` on every query; postgres.js then describes each parameterized
 * statement before binding it: two round trips and a fresh parse per query. Named prepared
 * statements instead: one round trip, parsed once per connection (transactions included).
 */
function preparedStatements<T extends postgres.Sql | postgres.TransactionSql>(
  sql: T,
  observer: () => QueryObserver | null,
): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (
          query: string,
          args?: postgres.ParameterOrJSON<never>[],
          options?: postgres.UnsafeQueryOptions,
        ) => observed(target.unsafe(query, args, { ...options, prepare: true }), query, observer());
      }
      if (property === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => Promise<unknown>;
          const options = typeof args[0] === 'string' ? args[0] : '';
          return onReservedConnection(target as postgres.Sql, options, (tx) =>
            fn(preparedStatements(tx, observer)),
          );
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * `sql.begin` on a connection reserved before BEGIN is written. postgres.js 3.4.9 can write BEGIN
 * to a connection that is busy with other queries without reserving it (porsager/postgres#823,
 * #1189): under load the transaction then fails with UNSAFE_TRANSACTION, or worse, another
 * query runs inside it. A reserved connection carries nothing else until it is released.
 */
async function onReservedConnection<T>(
  sql: postgres.Sql,
  options: string,
  fn: (tx: postgres.TransactionSql) => Promise<T>,
): Promise<T> {
  const reserved = await sql.reserve();
  try {
    await reserved.unsafe(`begin ${options.replace(/[^a-z ]/gi, '')}`);
    let result: T;
    try {
      result = await fn(reserved as unknown as postgres.TransactionSql);
    } catch (error) {
      await reserved.unsafe('rollback').catch(() => {});
      throw error;
    }
    await reserved.unsafe('commit');
    return result;
  } finally {
    reserved.release();
  }
}

function settled<T>(pending: Promise<T>, settle: (failed: boolean) => void): Promise<T> {
  return pending.then(
    (value) => (settle(false), value),
    (error: unknown) => {
      settle(true);
      throw error;
    },
  );
}

/**
 * postgres.js runs a query when it is first awaited, after drizzle chose its row mode (`.values()`
 * returns the same query): so the timing starts in its `then`, not when the query object is made.
 */
function observed<T extends PromiseLike<unknown>>(
  pending: T,
  statement: string,
  observer: QueryObserver | null,
): T {
  if (!observer) return pending;
  const then = pending.then.bind(pending);
  Object.assign(pending, {
    then: (ok?: (value: unknown) => unknown, fail?: (error: unknown) => unknown) =>
      settled(Promise.resolve(then(undefined, undefined)), observer.started(statement)).then(ok, fail),
  });
  return pending;
}
