import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { catalogMessages } from '../../content/messages.js';
import type { LearnerExport } from '../../db/repositories/learner-export.js';
import { contentCatalog } from '../../flows/content-catalog.js';
import { exportPdf } from './export-pdf.js';
import { drawableText, wrapText } from './pdf.js';

/** The text drawn on the pages: pdf-lib writes each line as a hex string in a deflated content stream. */
function drawnText(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes);
  const lines: string[] = [];
  for (let at = raw.indexOf('stream\n'); at !== -1; at = raw.indexOf('stream\n', at + 1)) {
    const end = raw.indexOf('endstream', at);
    let content: string;
    try {
      content = inflateSync(raw.subarray(at + 7, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const [, hex] of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g))
      lines.push(Buffer.from(hex!, 'hex').toString('latin1'));
  }
  return lines;
}

const at = (iso: string) => new Date(iso);
/** An export as learnerExport builds it, with only what the PDF reads filled in. */
function exportOf(profile: { name: string | null; language: string }): LearnerExport {
  return {
    format: 'learnloop.learner-export/2',
    exportedAt: '2026-03-03T05:10:00.000Z',
    profile: {
      ...profile,
      id: '7d0c3b8e-0000-4000-8000-000000000001',
      phone: '+254700000001',
      timezone: 'Africa/Nairobi',
      status: 'active',
      subscriptionTier: 'free',
      learningState: {
        course: 'money-basics',
        courses: ['money-basics'],
        lessonTime: '07:30',
        streak: { current: 1, longest: 3, lastDay: '2026-03-03', freezes: 0, freezesUsed: 0 },
      },
      createdAt: at('2026-03-02T05:00:00Z'),
      updatedAt: at('2026-03-03T05:00:00Z'),
      lastInboundAt: at('2026-03-03T05:00:00Z'),
    },
    identities: [{ kind: 'phone', value: '+254700000001', since: at('2026-03-02T05:00:00Z'), address: true }],
    conversation: null,
    messages: {
      inbound: [
        {
          receivedAt: at('2026-03-02T05:00:00Z'),
          event: { type: 'message', message: { kind: 'text', text: 'hi 👋' } },
        },
      ],
      outbound: [
        {
          createdAt: at('2026-03-02T05:00:01Z'),
          sentAt: at('2026-03-02T05:00:02Z'),
          message: { text: 'Welcome to *LearnLoop*! 🌱' },
        },
      ],
    },
    progress: {
      lessons: [
        {
          course: 'money-basics',
          lesson: 'needs-and-wants',
          completedAt: at('2026-03-03T05:00:00Z'),
          secondsSpent: 1800,
        },
      ],
      quizAttempts: [
        {
          course: 'money-basics',
          lesson: 'needs-and-wants',
          score: 2,
          total: 3,
          answers: [
            { question: 'q1', answer: '1', correct: true },
            { question: 'q2', answer: 'true', correct: false },
            { question: 'q3', answer: 'elfu moja mia tano', correct: true },
          ],
          createdAt: at('2026-03-03T05:00:00Z'),
        },
      ],
      reviews: [],
      feedback: [],
      pauses: [],
    },
    timers: [],
    activity: [],
  } as unknown as LearnerExport;
}

const titles = new Map([
  ['money-basics', { en: 'Money basics', sw: 'Misingi ya pesa' }],
  ['money-basics/needs-and-wants', { en: 'Needs and wants', sw: 'Mahitaji na matakwa' }],
]);

describe('the EXPORT PDF', () => {
  it('is a PDF with the learner, their course, progress and messages, in English', async () => {
    const bytes = await exportPdf(exportOf({ name: 'Amina', language: 'en' }), {
      copy: catalogMessages(),
      titles,
    });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toBe('Your LearnLoop data');
    expect(pdf.getPage(0).getSize()).toEqual({ width: 360, height: 640 });
    const text = drawnText(bytes);
    expect(text).toEqual(
      expect.arrayContaining([
        'Your LearnLoop data',
        'Amina',
        '+254700000001',
        'Money basics',
        '07:30 (Nairobi time)',
        'Lessons done: 1',
        '2 of 3 right, Mar 3, 2026, 8:00 AM',
        '1 now, best 3',
        'Welcome to LearnLoop!',
        'hi',
      ]),
    );
    expect(text.at(-1)).toMatch(/^Page \d of \d$/);
  });

  it('shows a learner with a username and no phone number their username and BSUID, the phone not given', async () => {
    const document = exportOf({ name: 'Amina', language: 'en' });
    document.profile.phone = 'KE.1502576394655843';
    const since = at('2026-03-02T05:00:00Z');
    document.identities = [
      { kind: 'bsuid', value: 'KE.1502576394655843', since, address: true },
      { kind: 'username', value: 'amina.k', since, address: false },
    ];
    const text = drawnText(await exportPdf(document, { copy: catalogMessages(), titles }));
    expect(text).toEqual(
      expect.arrayContaining([
        'Phone number',
        'Not given',
        'WhatsApp username',
        'amina.k',
        'KE.1502576394655843',
      ]),
    );
    expect(text.join('\n')).toMatch(/WhatsApp ID for LearnLoop/);
  });

  it('speaks Swahili to a Swahili learner', async () => {
    const bytes = await exportPdf(exportOf({ name: 'Amina', language: 'sw' }), {
      copy: catalogMessages(),
      titles,
    });
    expect(drawnText(bytes)).toEqual(
      expect.arrayContaining([
        'Data yako ya LearnLoop',
        'Kozi na maendeleo',
        'Misingi ya pesa',
        'Mahitaji na matakwa',
      ]),
    );
  });

  it('does not crash on a name the standard font cannot draw (emoji, other scripts, controls)', async () => {
    const name = 'Amina 🌸👩🏽‍🌾 Wanjirũ 王 \u0000';
    const bytes = await exportPdf(exportOf({ name, language: 'en' }), { copy: catalogMessages(), titles });
    expect(drawnText(bytes)).toContain('Amina Wanjiru ?');
  });
});

describe('drawable text', () => {
  const latin1 = (code: number) => code < 0x100;
  it('drops emoji, strips accents the font lacks, replaces the rest, keeps what it can draw', () => {
    expect(drawableText('Zoë 🇰🇪 café 👍🏾', latin1)).toBe('Zoë café');
    expect(drawableText('Wanjirũ', latin1)).toBe('Wanjiru');
    expect(drawableText('Nice to meet you, Amina 🌸! 🎉 All set.', latin1)).toBe(
      'Nice to meet you, Amina! All set.',
    );
    expect(drawableText('مرحبا', latin1)).toBe('?????');
    expect(drawableText('a\u0007b\tc\nd', latin1)).toBe('ab c\nd');
  });

  it('wraps at spaces and cuts a word longer than a line', () => {
    const measure = (s: string) => s.length;
    expect(wrapText('one two three', 7, measure)).toEqual(['one two', 'three']);
    expect(wrapText('https://learn.example/files/abcdef', 10, measure)).toEqual([
      'https://le',
      'arn.exampl',
      'e/files/ab',
      'cdef',
    ]);
  });

  it("shows each quiz answer in words under its question, in the learner's language (issue 11)", async () => {
    const quiz = contentCatalog().lesson('money-basics', 'needs-and-wants')!.quiz;
    const questions = new Map(quiz.map((q) => [`money-basics/needs-and-wants/${q.id}`, q]));
    const english = drawnText(
      await exportPdf(exportOf({ name: 'Amina', language: 'en' }), {
        copy: catalogMessages(),
        titles,
        questions,
      }),
    );
    expect(english).toEqual(
      expect.arrayContaining([
        'Which of these is a need?',
        'Your answer: Rent for your house (right)',
        'Your answer: True. The right answer: False',
        'Your answer: 1500 (right)',
      ]),
    );
    const swahili = drawnText(
      await exportPdf(exportOf({ name: 'Amina', language: 'sw' }), {
        copy: catalogMessages(),
        titles,
        questions,
      }),
    );
    expect(swahili).toEqual(
      expect.arrayContaining(['Kipi kati ya hivi ni hitaji?', 'Jibu lako: Kodi ya nyumba yako (sahihi)']),
    );
  });
});
