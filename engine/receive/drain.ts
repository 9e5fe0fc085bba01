/*
 * The drain: runs a learner's stored events one locked turn at a time, oldest first, until none
 * waits. Used for events stored before they could run (a backlog, a restart, `process: false`).
 */
import type { AfterCommit, TurnRunner } from './turn-runner.js';

export class Drain {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(private readonly runner: TurnRunner) {}

  /** Runs every pending turn of one learner; concurrent calls in this process coalesce. */
  process(userId: string): Promise<void> {
    const running = this.running.get(userId);
    if (running) {
      this.again.add(userId);
      return running;
    }
    const drain = (async () => {
      try {
        do {
          this.again.delete(userId);
          while (await this.runOldest(userId));
        } while (this.again.has(userId));
      } finally {
        this.running.delete(userId);
      }
    })();
    this.running.set(userId, drain);
    return drain;
  }

  /** Runs the oldest pending event; true when another one is already waiting. */
  private async runOldest(userId: string): Promise<boolean> {
    const after: AfterCommit[] = [];
    const more = await this.runner.options.store.withLearner(userId, async (tx) => {
      const pending = await tx.nextPending();
      if (!pending) return false;
      await this.runner.runLocked(tx, pending, after);
      // Events accepted later by this process re-run the drain (`again`); other processes drain their own.
      return pending.more;
    });
    await this.runner.runAfterCommit(after, userId);
    return more;
  }
}
