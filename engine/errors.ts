/** An engine failure; `retry` says whether trying the same thing again could help. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retry = false,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
