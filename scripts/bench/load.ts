import type { RunMeasurement } from './stats.js';

const NAMES = [
  'Amina',
  'Baraka',
  'Wanjiru',
  'Otieno',
  'Achieng',
  'Kamau',
  'Njeri',
  'Mwangi',
  'Zawadi',
  'Juma',
];
const FREE_TEXT = [
  'what is today’s lesson?',
  'thanks, that was helpful',
  'can you explain compound interest again?',
  'I missed yesterday, sorry',
  'how do I change my time?',
  'ok',
  'is there a quiz today?',
  'menu',
];

/** The body a learner sends at step `step` (0 = first contact): hi, their name, a time, then free text. */
export function learnerMessage(phone: string, step: number, index: number): { from: string; text: string } {
  if (step === 0) return { from: phone, text: 'hi' };
  if (step === 1) return { from: phone, text: `${NAMES[index % NAMES.length]} ${index}` };
  if (step === 2) return { from: phone, text: '07:30' };
  return { from: phone, text: FREE_TEXT[(index + step) % FREE_TEXT.length]! };
}

/** `count` distinct Kenyan mobile numbers starting at `base` (an 8-digit subscriber number after +2547). */
export function phones(count: number, base: number): string[] {
  return Array.from({ length: count }, (_, i) => `+2547${String(base + i).padStart(8, '0')}`);
}

/** One simulated learner: their phone and how far through their script they are. */
export interface Learner {
  phone: string;
  index: number;
  step: number;
}

/** Learners with `count` distinct phones starting at `base`, each at the start of their script. */
export function createLearners(count: number, base: number): Learner[] {
  return phones(count, base).map((phone, index) => ({ phone, index, step: 0 }));
}

export interface LoadOptions {
  /** The inbound endpoint, e.g. http://127.0.0.1:1234/bot/console/messages. */
  url: string;
  /** Carried across calls: a later call continues each learner's script. */
  learners: Learner[];
  messages: number;
  concurrency: number;
  /** Makes message ids unique across runs that share a database. */
  idPrefix: string;
  /** Stops starting requests; those in flight finish. */
  signal?: AbortSignal;
}

/** Counts failures and keeps the first few reasons. */
export class Failures {
  count = 0;
  readonly samples: string[] = [];
  add(reason: string): void {
    this.count++;
    if (this.samples.length < 5) this.samples.push(reason);
  }
  addError(error: unknown): void {
    this.add(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

/**
 * Calls `send` `messages` times with `concurrency` calls in flight, round-robin over the learners;
 * a learner never has two calls in flight, so each one's script stays in order. Returns the wall
 * time and this process's CPU time it took.
 */
export async function forEachMessage(
  options: Pick<LoadOptions, 'learners' | 'messages' | 'concurrency' | 'signal'>,
  send: (learner: Learner) => Promise<void>,
): Promise<{ elapsedMs: number; cpuMs: number }> {
  const idle: Learner[] = [...options.learners];
  const waiting: (() => void)[] = [];
  let started = 0;

  async function worker(): Promise<void> {
    while (started < options.messages && !options.signal?.aborted) {
      const learner = idle.shift();
      if (!learner) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      started++;
      await send(learner);
      idle.push(learner);
      waiting.shift()?.();
    }
    // Wake the others so they see the work is done.
    for (const wake of waiting.splice(0)) wake();
  }

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Sends `messages` requests with `concurrency` in flight, round-robin over the learners; a learner
 * never has two requests in flight, so each one's script (hi, name, time, …) stays in order.
 */
export async function runLoad(options: LoadOptions): Promise<RunMeasurement> {
  const latenciesMs: number[] = [];
  const failures = new Failures();

  async function send(learner: Learner): Promise<void> {
    const body = {
      ...learnerMessage(learner.phone, learner.step, learner.index),
      id: `${options.idPrefix}-${learner.index}-${learner.step}`,
    };
    learner.step++;
    const t0 = performance.now();
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      const elapsed = performance.now() - t0;
      if (response.status === 200) latenciesMs.push(elapsed);
      else failures.add(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    } catch (error) {
      failures.addError(error);
    }
  }

  const { elapsedMs, cpuMs } = await forEachMessage(options, send);
  return { latenciesMs, errors: failures.count, errorSamples: failures.samples, elapsedMs, cpuMs };
}
