import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';

/** Per learner: the messages accepted (in arrival order) and the replies written (in outbox order). */
export async function conversationLedger(db: Database) {
  const inbound = rowsOf<{ phone: string; input: string; status: string; turn: number | null }>(
    await db.execute(sql`
      select u.phone, i.event->'message'->>'text' as input, i.status, i.turn
      from inbound_messages i join users u on u.id = i.user_id order by i.id`),
  );
  const outbound = rowsOf<{ phone: string; text: string; turn: number }>(
    await db.execute(sql`
      select u.phone, o.payload->>'text' as text, o.turn from outbox o join users u on u.id = o.user_id order by o.id`),
  );
  const byPhone = new Map<
    string,
    { inputs: string[]; replies: string[]; statuses: string[]; turns: number[] }
  >();
  const entry = (phone: string) => {
    if (!byPhone.has(phone)) byPhone.set(phone, { inputs: [], replies: [], statuses: [], turns: [] });
    return byPhone.get(phone)!;
  };
  for (const row of inbound) {
    entry(row.phone).inputs.push(row.input);
    entry(row.phone).statuses.push(row.status);
    if (row.turn !== null) entry(row.phone).turns.push(row.turn);
  }
  for (const row of outbound) entry(row.phone).replies.push(row.text);
  return byPhone;
}

/** What the echo flow must have answered, given the messages in arrival order. */
export function expectedEchoReplies(inputs: string[]): string[] {
  return inputs.map((input, index) => (index === 0 ? 'echo.ready' : `echo.said|text=${input}`));
}

/** Every learner's accepted messages ran once each, in arrival order, and got exactly the echo replies. */
export function expectEveryMessageAnsweredInOrder(
  ledger: Awaited<ReturnType<typeof conversationLedger>>,
  learners: number,
  burst: number,
) {
  expect(ledger.size).toBe(learners);
  const turnNumbers = Array.from({ length: burst }, (_, i) => i + 1);
  for (const [phone, { inputs, replies, statuses, turns }] of ledger) {
    expect([...inputs].sort(), phone).toEqual(turnNumbers.map((n) => `m${n - 1}`));
    expect(
      statuses.filter((s) => s !== 'processed'),
      phone,
    ).toEqual([]);
    expect(replies, phone).toEqual(expectedEchoReplies(inputs));
    expect(turns, phone).toEqual(turnNumbers);
  }
}
