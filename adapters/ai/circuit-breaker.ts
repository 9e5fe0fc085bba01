export interface CircuitBreakerOptions {
  /** Failures in a row that open the circuit. */
  failures?: number;
  /** How long an open circuit refuses calls before one trial call is let through. */
  cooldownMs?: number;
  now?: () => number;
}

/**
 * Stops calling a model server that keeps failing: after `failures` failures in a row every call
 * is refused (the learner gets the offline answer at once instead of waiting for each timeout);
 * after the cooldown one call may try again, and its success closes the circuit.
 */
export class CircuitBreaker {
  private readonly limit: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private failuresInARow = 0;
  private openedAt: number | null = null;

  constructor(options: CircuitBreakerOptions = {}) {
    this.limit = options.failures ?? 3;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; a half-open circuit lets one through and waits for its outcome. */
  allows(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    // The trial call: open again until it reports, so concurrent calls do not all go through.
    this.openedAt = this.now();
    return true;
  }

  succeeded(): void {
    this.failuresInARow = 0;
    this.openedAt = null;
  }

  failed(): void {
    this.failuresInARow += 1;
    if (this.failuresInARow >= this.limit) this.openedAt = this.now();
  }
}
