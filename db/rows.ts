/** postgres.js returns an array, PGlite `{ rows }`: one shape for raw `execute` results. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
