import { describe, expect, it } from 'vitest';
import type { Inbound } from '../../engine/events.js';
import type { Accepted } from '../../engine/ports.js';
import { MemoryCache } from '../cache/memory.js';
import { createPhoneRateLimiter } from '../cache/rate-limit.js';
import { capturingLogger } from '../../tests/harness/http-app.js';
import { RATE_LIMITED, webhookIntake } from './webhook-intake.js';

type LearnerMessage = Extract<Inbound, { type: 'message' }>;
const LIMIT = 2;
const AMINA = '+254712345678';
let ids = 0;
const says = (text: string, from = AMINA): LearnerMessage => ({
  type: 'message',
  channel: 'twilio',
  providerId: `SM${++ids}`,
  from,
  at: '2026-11-26T07:30:00.000Z',
  message: { kind: 'text', text },
});

function intake(failures = 0) {
  const turns: string[] = [];
  const setAside: string[] = [];
  const accepted: Accepted = { duplicate: false, userId: 'u', inboundId: null };
  const engine = {
    receive: async (event: Inbound) => {
      if (failures-- > 0) throw new Error('database unavailable');
      turns.push((event as LearnerMessage).providerId);
      return accepted;
    },
    receiveWithoutTurn: async (event: LearnerMessage, reason: string) => {
      setAside.push(`${event.providerId} ${reason}`);
      return accepted;
    },
  };
  const limiter = createPhoneRateLimiter(new MemoryCache(), {
    points: LIMIT,
    windowSeconds: 3600,
    keyPrefix: 'intake-test',
  });
  const log = capturingLogger();
  return { receive: webhookIntake({ engine, limiter, logger: log.logger }), turns, setAside, log };
}

describe('webhookIntake', () => {
  it('runs turns up to the limit, then stores messages without a turn, warning once per window', async () => {
    const { receive, turns, setAside, log } = intake();
    for (const text of ['one', 'two', 'three', 'four']) await receive(says(text));
    await receive(says('other learner', '+254700000001'));
    expect(turns).toEqual(['SM1', 'SM2', 'SM5']);
    expect(setAside).toEqual([`SM3 ${RATE_LIMITED}`, `SM4 ${RATE_LIMITED}`]);
    expect(log.lines().filter((line) => line.level === 40)).toEqual([
      expect.objectContaining({ providerId: 'SM3', limit: LIMIT, retryAfterSeconds: 3600 }),
    ]);
  });

  it('lets STOP through over the limit on a budget of its own, so a STOP flood stays bounded', async () => {
    const { receive, turns, setAside } = intake();
    const messages = ['one', 'two', 'STOP', 'stop!', 'Acha', 'STOP', 'hello'].map((text) => says(text));
    for (const message of messages) await receive(message);
    const [, , ...over] = messages.map((m) => m.providerId);
    expect(turns.slice(2)).toEqual(over.slice(0, LIMIT));
    expect(setAside).toEqual(over.slice(LIMIT).map((id) => `${id} ${RATE_LIMITED}`));
  });

  it('gives a refused delivery its point back: retries during a database outage never use up the limit', async () => {
    const { receive, turns, setAside } = intake(5);
    const hello = says('hello');
    for (let retry = 0; retry < 5; retry++)
      await expect(receive(hello)).rejects.toThrow('database unavailable');
    await receive(hello);
    await receive(says('two'));
    expect(turns).toEqual([hello.providerId, `SM${ids}`]);
    expect(setAside).toEqual([]);
  });
});
