import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { LearnerExport } from '../../db/repositories/learner-export.js';
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
    const [document, dataLink] = await vi.waitFor(() => {
      const messages = served.runtime.channel.messagesTo(PHONE).slice(-2);
      expect(messages[0]?.message.media?.type).toBe('document');
      return messages.map((m) => m.message);
    });
    const sent = document!.media!;
    expect(sent.url.startsWith(`${served.base}/files/`)).toBe(true);
    const pdf = await fetch(sent.url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`filename="${sent.caption}"`);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const file = await fetch(/url=(\S+)/.exec(dataLink!.text)![1]!);
    expect(file.headers.get('content-type')).toBe('application/json');
    const data = (await file.json()) as LearnerExport;
    expect(data.profile.phone).toBe(PHONE);
    expect(data.progress.lessons).toEqual([
      expect.objectContaining({ course: 'money-basics', lesson: 'save-first' }),
    ]);
  });
});
