import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/messages.js';
import { ChannelError, type Channel, type OutboundMessage } from '../../engine/ports.js';
import { ConsoleChannel } from '../channels/console.js';
import { exportFile, learnerExport, type LearnerExport } from '../../db/repositories/learner-export.js';
import { simulate, type Simulation } from '../../tests/harness/simulate.js';
import { createFileStore, type FileStore } from '../files/store.js';
import { createServices } from './index.js';

const silent = { info() {}, warn() {}, error() {} };

/** The real flows, courses and copy: onboarding, the first lesson and its quiz, then EXPORT. */
describe('EXPORT after the first lesson and quiz of the real journey', () => {
  let sim: Simulation;
  let files: FileStore;

  beforeAll(async () => {
    sim = await simulate({
      start: '2026-03-02T05:00:00Z',
      services: ({ database, clock, receive }) => {
        files = createFileStore(database.db, {
          publicBaseUrl: 'https://learn.example',
          now: () => clock.now(),
        });
        return createServices({ db: database.db, clock, files, receive, logger: silent });
      },
    });
  });
  afterAll(async () => sim?.close());

  async function fileAt(url: string) {
    const found = await files.get(/\/files\/([^/]+)/.exec(url)![1]!);
    if (found.status !== 'found') throw new Error(`export file ${found.status}`);
    return found.file;
  }

  it('records the lesson and the attempt, and sends them back in the export document', async () => {
    const amina = sim.learner('+254700000001');
    for (const reply of ['hi', 'Amina', 'English', '1', '07:30', 'yes']) await amina.says(reply);
    await sim.advance('1d');
    for (const answer of ['Rent for your house', 'True', 'KSh 1,500']) await amina.says(answer);
    // The quiz result, then the celebration of the badge it earned (flows/badges.ts).
    expect(amina.newReplies().join('\n')).toMatch(/Quiz done: 2 out of 3/);

    await amina.says('EXPORT');
    const document = amina.replies().at(-1)?.message;
    expect(document?.media).toMatchObject({ type: 'document', caption: 'learnloop-export-2026-03-03.pdf' });
    expect(document?.text).toBe(
      'Here is everything we store about you, as a PDF you can open on your phone.',
    );
    const pdf = await fileAt(document!.media!.url);
    expect(pdf.contentType).toBe('application/pdf');
    // The promise "the file will come here in a moment" carries its apology, sent if WhatsApp refuses the file.
    const [row] = await sim.database.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(sql`${outbox.payload}->'media'->>'url' = ${document!.media!.url}`);
    expect((row?.payload as OutboundMessage | undefined)?.fallback).toEqual({
      text: "Sorry, your file could not be sent here. Please send EXPORT again later; if it keeps failing, tell us and we'll send it another way.",
    });
    // The learner reads the PDF; the raw record (flow snapshots and all) is the admin API's.
    expect(amina.replies().some((r) => /JSON|\.json/.test(r.message.text))).toBe(false);
    const userId = (await sim.userIdOf(amina.phone))!;
    const complete = await learnerExport(sim.database.db, userId, sim.clock.now());
    const data = JSON.parse(new TextDecoder().decode(exportFile(complete!).bytes)) as LearnerExport;

    expect(data.profile).toMatchObject({ phone: '+254700000001', name: 'Amina', timezone: 'Africa/Nairobi' });
    // The lesson went out at 07:30 Nairobi time; the quiz was finished half an hour later.
    expect(data.progress.lessons).toEqual([
      {
        id: 1,
        course: 'money-basics',
        lesson: 'needs-and-wants',
        startedAt: '2026-03-03T04:30:00.000Z',
        completedAt: '2026-03-03T05:00:00.000Z',
        secondsSpent: 1800,
        createdAt: '2026-03-03T05:00:00.000Z',
      },
    ]);
    expect(data.progress.quizAttempts).toEqual([
      expect.objectContaining({ course: 'money-basics', attempt: 1, score: 2, total: 3, passed: false }),
    ]);
    expect(data.progress.quizAttempts[0]!.answers.map((a) => a.correct)).toEqual([true, false, true]);
    const said = data.messages.inbound.flatMap((m) => {
      const event = m.event as { message?: { text?: string } };
      return event.message?.text ? [event.message.text] : [];
    });
    expect(said).toEqual([
      'hi',
      'Amina',
      'English',
      '1',
      '07:30',
      'yes',
      'Rent for your house',
      'True',
      'KSh 1,500',
      'EXPORT',
    ]);
    expect(data.messages.outbound.length).toBeGreaterThan(10);
    expect(data.activity.map((a) => a.kind)).toContain('timer.fired');
  });

  it('sends a fresh document for each EXPORT, even twice the same day', async () => {
    const amina = sim.learner('+254700000001');
    const first = amina.replies().at(-1)?.message.media?.url;
    await sim.advance('1h');
    await amina.says('EXPORT');
    const second = amina.replies().at(-1)?.message.media;
    expect(second).toMatchObject({ type: 'document' });
    expect(second!.url).not.toBe(first);
  });
});

/** A WhatsApp number whose provider refuses documents, the way it refused the JSON export. */
class RefusingDocuments implements Channel {
  readonly name = 'refusing';
  readonly delivered = new ConsoleChannel();
  async send(to: string, message: OutboundMessage, key: string) {
    if (message.media?.type === 'document')
      throw new ChannelError('documents of this type are refused', false);
    return this.delivered.send(to, message, key);
  }
}

describe('EXPORT when WhatsApp refuses the document', () => {
  let sim: Simulation;
  const channel = new RefusingDocuments();

  beforeAll(async () => {
    sim = await simulate({
      start: '2026-03-02T05:00:00Z',
      outbound: { channel },
      services: ({ database, clock, receive }) => {
        const files = createFileStore(database.db, {
          publicBaseUrl: 'https://learn.example',
          now: () => clock.now(),
        });
        return createServices({ db: database.db, clock, files, receive, logger: silent });
      },
    });
  });
  afterAll(async () => sim?.close());

  it('follows the promise of a file with an apology instead of silence', async () => {
    const amina = sim.learner('+254700000002');
    await amina.says('hi');
    await amina.says('EXPORT');
    const texts = channel.delivered.messagesTo(amina.phone).map((d) => d.message.text);
    // The onboarding question waiting behind EXPORT comes again after its reply (issue 11).
    expect(texts.slice(-3)).toEqual([
      "I'm gathering everything we store about you. The file will come here in a moment.",
      expect.stringContaining('What should I call you?'),
      "Sorry, your file could not be sent here. Please send EXPORT again later; if it keeps failing, tell us and we'll send it another way.",
    ]);
    const userId = (await sim.userIdOf(amina.phone))!;
    const rows = await sim.database.db.select().from(outbox).where(eq(outbox.userId, userId));
    expect(
      rows.filter((r) => r.status === 'dead').map((r) => (r.payload as OutboundMessage).media?.type),
    ).toEqual(['document']);
  });
});
