/*
 * pg_dump and pg_restore as child processes. Decisions: the password travels in PGPASSWORD, never
 * on the command line (where `ps` shows it); the tools come from PATH unless BACKUP_PG_BIN names a
 * folder (e.g. /usr/lib/postgresql/16/bin), and a pg_dump older than the server is refused before
 * it runs, since it would fail half-way with "server version mismatch".
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BackupError } from './errors.js';

export interface PgTools {
  /** Folder holding pg_dump and pg_restore; PATH when unset. */
  binDir?: string;
}

const tool = (tools: PgTools, name: string) => (tools.binDir ? join(tools.binDir, name) : name);

/** The URL without its password, and the password for PGPASSWORD. */
export function connectionOf(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { url: parsed.toString(), env };
}

/** Runs a tool to completion; its stderr becomes the error's message. */
export function run(
  tools: PgTools,
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool(tools, name), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === 'ENOENT'
            ? `${name} was not found${tools.binDir ? ` in ${tools.binDir}` : ' on PATH'}: install the PostgreSQL client tools matching your server (Debian: apt-get install postgresql-client-<major>) or set BACKUP_PG_BIN to their folder`
            : `${name} could not start: ${error.message}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new BackupError(`${name} failed (exit ${code}): ${err.trim() || 'no message'}`)),
    );
  });
}

/** The major version of a tool, from `pg_dump --version` ("pg_dump (PostgreSQL) 15.20 …"). */
export async function toolMajor(tools: PgTools, name: string): Promise<number> {
  const out = await run(tools, name, ['--version']);
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(out);
  if (!match) throw new BackupError(`cannot read the version of ${name} from "${out.trim()}"`);
  return Number(match[1]);
}

/** pg_dump can dump servers of its own major version or older, never newer. */
export async function checkDumpVersion(tools: PgTools, serverVersionNum: number): Promise<void> {
  const server = Math.floor(serverVersionNum / 10000);
  const dump = await toolMajor(tools, 'pg_dump');
  if (dump < server) {
    throw new BackupError(
      `pg_dump ${dump} cannot dump a PostgreSQL ${server} server: install postgresql-client-${server} and set BACKUP_PG_BIN=/usr/lib/postgresql/${server}/bin (or put it first on PATH)`,
    );
  }
}
