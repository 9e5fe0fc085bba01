import { Hono } from 'hono';
import postgres from 'postgres';

/** The minimal durable work per inbound message, in the floor's own schema. */
const FLOOR_TABLES = [
  `create table inbound (
     id bigserial primary key, channel text not null, provider_id text not null, user_key text not null,
     body jsonb not null, received_at timestamptz not null default now(), unique (channel, provider_id))`,
  `create table conversation (user_key text primary key, turn int not null, snapshot jsonb)`,
  `create table outbox (id bigserial primary key, user_key text not null, payload jsonb not null, created_at timestamptz not null default now())`,
];

interface FloorBody {
  from: string;
  text: string;
  id?: string;
}

function floorBody(value: unknown): FloorBody | null {
  if (typeof value !== 'object' || value === null) return null;
  const { from, text, id } = value as Record<string, unknown>;
  if (typeof from !== 'string' || typeof text !== 'string') return null;
  if (id !== undefined && typeof id !== 'string') return null;
  return { from, text, id };
}

export interface FloorApp {
  app: Hono;
  close(): Promise<void>;
}

/**
 * The floor: a bare Hono endpoint doing only what any durable bot must do per message, in one
 * transaction on postgres.js: insert the inbound row, lock and update the learner's conversation
 * row (an upsert, so first contact creates it), insert one outbox row.
 */
export async function createFloorApp(options: {
  url: string;
  schema: string;
  max: number;
}): Promise<FloorApp> {
  const sql = postgres(options.url, {
    max: options.max,
    onnotice: () => {},
    connection: { search_path: options.schema },
  });
  for (const statement of FLOOR_TABLES) await sql.unsafe(statement);
  let counter = 0;

  const app = new Hono();
  app.post('/bot/console/messages', async (c) => {
    const body = floorBody(await c.req.json().catch(() => null));
    if (!body) return c.json({ error: 'send {"from", "text"}' }, 400);
    const providerId = body.id ?? `floor-${Date.now()}-${++counter}`;
    const inboundId = await sql.begin(async (tx) => {
      const [stored] = await tx<{ id: string }[]>`
        insert into inbound (channel, provider_id, user_key, body)
        values ('console', ${providerId}, ${body.from}, ${tx.json({ ...body })})
        on conflict (channel, provider_id) do nothing returning id`;
      if (!stored) return null;
      const [conversation] = await tx<{ turn: number }[]>`
        insert into conversation as c (user_key, turn, snapshot) values (${body.from}, 1, ${tx.json({ last: body.text })})
        on conflict (user_key) do update set turn = c.turn + 1, snapshot = excluded.snapshot returning turn`;
      await tx`insert into outbox (user_key, payload) values (${body.from}, ${tx.json({ text: `turn ${conversation!.turn}: ${body.text}` })})`;
      return Number(stored.id);
    });
    return c.json({ accepted: true, duplicate: inboundId === null, inboundId });
  });

  return { app, close: () => sql.end({ timeout: 5 }) };
}
