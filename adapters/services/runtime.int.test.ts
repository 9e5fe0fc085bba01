import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { lessonCompletions, users } from '../../db/schema/index.js';
import { keyMessages } from '../../tests/integration/fixtures/echo-flow.js';
import { serveTestRuntime, type ServedRuntime } from '../../tests/harness/runtime.js';
import { journeyRegistry } from '../../tests/harness/journey-flow.js';

const PHONE = '+254711000003';

describe('engine services in the running app', () => {
  let served: ServedRuntime;
  const say = (text: string) =>
    served.runtime.app.request('/bot/console/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: PHONE, text }),
    });

  beforeAll(async () => {
    served = await serveTestRuntime(() => ({}), { registry: journeyRegistry(), messages: keyMessages });
  });
  afterAll(async () => served?.close());

  it('records a lesson after its turn and serves the EXPORT file at its public URL', async () => {
    expect((await say('hi')).status).toBe(200);
    expect((await say('LESSON')).status).toBe(200);
    const [learner] = await served.database.db.select().from(users).where(eq(users.phone, PHONE));
    await vi.waitFor(async () => {
      const rows = await served.database.db
        .select()
        .from(lessonCompletions)
        .where(eq(lessonCompletions.userId, learner!.id));
      expect(rows).toHaveLength(1);
    });

    expect((await say('EXPORT')).status).toBe(200);
    const document = await vi.waitFor(() => {
      const [last] = served.runtime.channel.messagesTo(PHONE).slice(-1);
      expect(last?.message.media?.type).toBe('document');
      return last!.message;
    });
    const sent = document.media!;
    expect(sent.url.startsWith(`${served.base}/files/`)).toBe(true);
    const pdf = await fetch(sent.url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`filename="${sent.caption}"`);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    // The learner gets the readable PDF only; no link to the raw JSON with its flow snapshot (issue 11).
    const texts = served.runtime.channel.messagesTo(PHONE).map((m) => m.message.text ?? '');
    expect(texts.some((text) => /\/files\/|\.json/.test(text))).toBe(false);
  });
});
