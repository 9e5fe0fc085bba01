/**
 * What counts as "the database is unavailable": the request was fine and the same request can
 * succeed once the database is back. One place, for the HTTP edge (503 + Retry-After) and for
 * start-up ("cannot reach PostgreSQL at host:port").
 *
 * Decisions:
 * - Unavailable: the server cannot be reached or resolved (refused, reset, timed out, host not
 *   found), postgres.js lost or ended its connection, PostgreSQL's connection-exception class 08,
 *   a server shutting down or starting up (57P01–57P03), too many connections (53300), and a
 *   closed or closing PGlite.
 * - Not unavailable: wrong password, missing database, any SQL error. Retrying cannot fix those.
 * - drizzle wraps driver errors ("Failed query: …", cause = the driver's error): the cause chain
 *   is searched, and Node's AggregateError (one error per address tried) too.
 */

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  // postgres.js's own codes
  CONNECTION_CLOSED: 'connection lost',
  CONNECTION_DESTROYED: 'connection lost',
  CONNECTION_ENDED: 'connection closed',
  CONNECT_TIMEOUT: 'timed out',
};

const SQLSTATE: Record<string, string> = {
  '57P01': 'server shutting down',
  '57P02': 'server crashed',
  '57P03': 'server starting up',
  '53300': 'too many connections',
};

const PGLITE = new Set(['PGlite is closed', 'PGlite is closing']);

function reasonOf(error: object): string | undefined {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code) {
    const reason = NETWORK[code] ?? SQLSTATE[code];
    if (reason) return reason;
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'connection failed';
  }
  if (error instanceof Error && PGLITE.has(error.message)) return 'embedded database closed';
  return undefined;
}

/** Why the database is unavailable ("connection refused" …), or undefined when it is not that. */
export function unavailableReason(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || error === null || typeof error !== 'object') return undefined;
  const own = reasonOf(error);
  if (own) return own;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const reason = unavailableReason(inner, depth + 1);
      if (reason) return reason;
    }
  }
  return error instanceof Error ? unavailableReason(error.cause, depth + 1) : undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailableReason(error) !== undefined;
}

/** `host:port` of a postgres:// URL, never its user or password. */
export function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    const socket = parsed.searchParams.get('host');
    if (!parsed.hostname && socket) return socket;
    const host = parsed.hostname || 'localhost';
    return `${host}:${parsed.port || '5432'}`;
  } catch {
    return 'the DATABASE_URL server';
  }
}

/** Connecting failed: the message is one line an operator can act on, with no SQL, stack or password. */
export class DatabaseConnectionError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'DatabaseConnectionError';
  }
}

/** The one-line explanation of a failed first connection to PostgreSQL at `url`. */
export function connectionError(error: unknown, url: string): DatabaseConnectionError {
  const server = serverOf(url);
  const reason = unavailableReason(error);
  if (reason) {
    return new DatabaseConnectionError(
      `cannot reach PostgreSQL at ${server} (${reason}): start it, or check DATABASE_URL`,
      { cause: error },
    );
  }
  // PostgreSQL's own refusal (wrong password, no such database) names no secret: pass it on.
  const said = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new DatabaseConnectionError(
    `PostgreSQL at ${server} refused the connection: ${said}: check DATABASE_URL`,
    { cause: error },
  );
}
