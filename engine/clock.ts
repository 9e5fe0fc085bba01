import type { Clock, Ids } from './ports.js';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: Ids = { next: () => crypto.randomUUID() };

/** A clock that moves only when told to: simulators and tests advance it instead of sleeping. */
export class SimClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-03-02T04:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    if (at.getTime() > this.current) this.current = at.getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Predictable ids (`t-1`, `t-2` …) so transcripts and snapshots are stable. */
export function counterIds(prefix = 'id'): Ids {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
}
