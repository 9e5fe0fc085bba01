import type { OutboxRow } from './ports.js';

type Attempt = Pick<OutboxRow, 'id' | 'attempts'>;

/**
 * Collects the rows that got their send budget in the same tick and marks them attempted in one
 * write: marking each row alone would add a statement per message to the sender's work, while
 * rows granted together (a whole batch when the budget is free, a second's worth at the cap)
 * share one.
 */
export class AttemptBatch {
  private waiting: { row: Attempt; resolve: (ours: boolean) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly write: (rows: Attempt[]) => Promise<Set<number>>) {}

  /** Resolves true when the row is this sender's to send now, false when another claim took it. */
  mark(row: Attempt): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const ours = await this.write(batch.map((w) => w.row));
      for (const w of batch) w.resolve(ours.has(w.row.id));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
