/*
 * EXPORT as a PDF a learner can open on their phone. Decisions: the PDF is the readable summary
 * (profile, settings, courses and progress, streak, reviews, ratings, pauses and the latest
 * RECENT_MESSAGES messages), in the learner's language from content/messages (English where a
 * text has no translation), times in their time zone; the complete record (every message, timer
 * and log entry) is the JSON file sent beside it, which the PDF names. Learner-facing counts only:
 * internal ids, provider ids and flow snapshots stay in the JSON.
 */
import { DateTime } from 'luxon';
import type { Localized, Question } from '../../content/types.js';
import type { LearnerExport } from '../../db/repositories/learner-export.js';
import type { InboundMessage } from '../../engine/events.js';
import type { Messages, OutboundMessage } from '../../engine/ports.js';
import {
  checkAnswer,
  cityOf,
  learningStateOf,
  streakAsOf,
  type CheckableQuestion,
} from '../../flows/learning/index.js';
import { knownPhoneOf } from '../../db/repositories/learner-lookup.js';
import { renderPdf, type PdfBlock } from './pdf.js';

export const RECENT_MESSAGES = 30;
const LONGEST_MESSAGE = 400;
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', sw: 'Kiswahili' };

export interface ExportPdfOptions {
  copy: Messages;
  /** Course titles by slug and lesson titles by `course/lesson`; a slug shows where none is known. */
  titles?: Map<string, Localized>;
  /** The questions answered, by `course/lesson/question`: each answer is shown in words under its question. */
  questions?: Map<string, Question>;
}

type Vars = Record<string, string | number>;

/** A chat message as read on paper: WhatsApp's *bold* and _italic_ marks dropped, long ones cut. */
function readable(text: string): string {
  const plain = text.replace(/(^|[\s(])[*_~]([^*_~\n]+)[*_~](?=$|[\s).,!?:;])/gu, '$1$2');
  return plain.length > LONGEST_MESSAGE ? `${plain.slice(0, LONGEST_MESSAGE - 1).trimEnd()}…` : plain;
}

/** The readable summary of an export, as PDF bytes. */
export async function exportPdf(document: LearnerExport, options: ExportPdfOptions): Promise<Uint8Array> {
  const { profile } = document;
  const language = profile.language;
  const zone = profile.timezone;
  const t = (key: string, vars: Vars = {}) => options.copy.render(language, `exportFile.${key}`, vars);
  const date = (at: Date | string | null) => {
    if (at === null) return t('notGiven');
    const local = DateTime.fromJSDate(new Date(at), { zone }).setLocale(language);
    return local.isValid ? local.toLocaleString(DateTime.DATETIME_MED) : String(at);
  };
  const title = (key: string) => {
    const found = options.titles?.get(key);
    return found?.[language as keyof Localized] ?? found?.en ?? key;
  };
  /** A field per identity of this kind (a learner with a username may have no phone number). */
  const named = (kind: string, label: string): PdfBlock[] =>
    document.identities
      .filter((identity) => identity.kind === kind)
      .map((identity) => ({ kind: 'field', label: t(label), value: identity.value }));
  const state = learningStateOf(profile.learningState);
  const exportedAt = new Date(document.exportedAt);
  const { lessons, quizAttempts, reviews, feedback, pauses } = document.progress;

  const blocks: PdfBlock[] = [
    { kind: 'heading', text: t('profile') },
    { kind: 'field', label: t('name'), value: profile.name ?? t('notGiven') },
    { kind: 'field', label: t('phone'), value: knownPhoneOf(document.identities) ?? t('notGiven') },
    ...named('username', 'username'),
    ...named('bsuid', 'whatsappId'),
    { kind: 'field', label: t('language'), value: LANGUAGE_NAMES[language] ?? language },
    { kind: 'field', label: t('zone'), value: cityOf(zone) },
    { kind: 'field', label: t('status'), value: t(statusKey(profile.status)) },
    { kind: 'field', label: t('joined'), value: date(profile.createdAt) },

    { kind: 'heading', text: t('settings') },
    { kind: 'field', label: t('course'), value: state.course ? title(state.course) : t('notGiven') },
    {
      kind: 'field',
      label: t('lessonTime'),
      value: state.lessonTime
        ? t('lessonTimeValue', { time: state.lessonTime, zone: cityOf(zone) })
        : t('notGiven'),
    },
    { kind: 'field', label: t('lessons'), value: t(state.paused ? 'lessonsPaused' : 'lessonsOn') },

    { kind: 'heading', text: t('progress') },
  ];
  const courses = [...new Set([...state.courses, ...lessons.map((l) => l.course)])];
  for (const course of courses) {
    const done = lessons.filter((l) => l.course === course);
    blocks.push({ kind: 'item', title: title(course), detail: t('lessonsDone', { count: done.length }) });
    for (const lesson of done) {
      blocks.push({
        kind: 'field',
        label: title(`${course}/${lesson.lesson}`),
        value: t('lessonDone', { date: date(lesson.completedAt) }),
      });
    }
  }
  blocks.push(
    {
      kind: 'field',
      label: t('streak'),
      value: t('streakValue', {
        streak: streakAsOf(state.streak, exportedAt, zone),
        count: state.streak.longest,
      }),
    },
    {
      kind: 'field',
      label: t('timeSpent'),
      value: t('minutes', { count: Math.round(lessons.reduce((s, l) => s + l.secondsSpent, 0) / 60) }),
    },
    { kind: 'heading', text: t('quizzes') },
  );
  if (quizAttempts.length === 0) blocks.push({ kind: 'note', text: t('noQuiz') });
  for (const attempt of quizAttempts) {
    blocks.push({
      kind: 'field',
      label: title(`${attempt.course}/${attempt.lesson}`),
      value: t('quizScore', { score: attempt.score, total: attempt.total, date: date(attempt.createdAt) }),
    });
    for (const answered of attempt.answers) {
      const question = options.questions?.get(`${attempt.course}/${attempt.lesson}/${answered.question}`);
      if (question) blocks.push(answerBlock(question, answered, language, options.copy));
    }
  }
  if (reviews.length > 0) {
    const right = reviews.filter((r) => r.correct).length;
    blocks.push({
      kind: 'field',
      label: t('reviews'),
      value: t('reviewsValue', { score: right, total: reviews.length }),
    });
  }
  if (feedback.length > 0) {
    blocks.push({ kind: 'heading', text: t('ratings') });
    for (const rating of feedback) {
      const value = t('ratingValue', { rating: rating.rating, date: date(rating.createdAt) });
      blocks.push({ kind: 'item', title: value, ...(rating.comment ? { detail: rating.comment } : {}) });
    }
  }
  if (pauses.length > 0) {
    blocks.push({ kind: 'heading', text: t('pauses') });
    for (const pause of pauses)
      blocks.push({ kind: 'note', text: t('pauseValue', { date: date(pause.createdAt) }) });
  }

  const conversation = recentMessages(document, t, date);
  blocks.push({ kind: 'heading', text: t('messages') }, ...conversation.blocks);
  if (conversation.total > RECENT_MESSAGES) {
    blocks.push({
      kind: 'note',
      text: t('olderMessages', { count: RECENT_MESSAGES, total: conversation.total }),
    });
  }
  const records = document.timers.length + document.activity.length + document.messages.outbound.length;
  blocks.push(
    { kind: 'heading', text: t('everything') },
    { kind: 'note', text: t('everythingNote', { count: records }) },
  );

  return renderPdf({
    title: t('title'),
    subtitle: t('subtitle', { date: date(exportedAt) }),
    blocks,
    info: { title: t('title'), createdAt: exportedAt },
    pageLabel: (page, pages) => t('page', { count: page, total: pages }),
  });
}

/** A quiz answer as the learner would say it: the question, then the option's words, not "b" or "1". */
function answerBlock(
  question: Question,
  answered: { answer: string; correct: boolean },
  language: string,
  copy: Messages,
): PdfBlock {
  const check = checkAnswer(question as CheckableQuestion, answered.answer, {
    language,
    numbered: question.type === 'multiple',
  });
  const words = (ids: string[] | undefined) =>
    (ids ?? [])
      .map((id) => {
        if (question.type === 'single' || question.type === 'multiple') {
          const option = question.options.find((o) => o.id === id);
          return option ? (option.text[language as keyof Localized] ?? option.text.en) : id;
        }
        if (question.type === 'true-false') return copy.render(language, `quiz.${id}`);
        return id;
      })
      .join(', ');
  const answer = check.valid ? words(check.matched) : answered.answer;
  const key = answered.correct ? 'exportFile.answerRight' : 'exportFile.answerWrong';
  return {
    kind: 'item',
    title: question.question[language as keyof Localized] ?? question.question.en ?? question.id,
    detail: copy.render(language, key, { answer, expected: words(check.expected) }),
  };
}

function statusKey(status: string): string {
  if (status === 'opted_out') return 'statusOptedOut';
  if (status === 'blocked') return 'statusBlocked';
  return 'statusActive';
}

/** The latest messages both ways, oldest first, as the learner saw them. */
function recentMessages(
  document: LearnerExport,
  t: (key: string, vars?: Vars) => string,
  date: (at: Date | string | null) => string,
): { blocks: PdfBlock[]; total: number } {
  const said = document.messages.inbound.flatMap((m) => {
    const event = m.event as { type?: string; message?: InboundMessage };
    if (event.type !== 'message' || !event.message) return [];
    return [{ turn: m.turn, at: new Date(m.receivedAt), mine: true, text: inboundText(event.message, t) }];
  });
  const replied = document.messages.outbound.flatMap((m) => {
    const message = m.message as OutboundMessage;
    const text = message.text || (message.media ? t('mediaSent') : '');
    return text ? [{ turn: m.turn, at: new Date(m.sentAt ?? m.createdAt), mine: false, text }] : [];
  });
  // In conversation order: by turn (a learner's message, then the replies of its turn), else by time.
  const all = [...said, ...replied].sort(
    (a, b) =>
      (a.turn ?? Infinity) - (b.turn ?? Infinity) ||
      a.at.getTime() - b.at.getTime() ||
      Number(b.mine) - Number(a.mine),
  );
  const blocks = all.slice(-RECENT_MESSAGES).map((m): PdfBlock => ({
    kind: 'item',
    title: t(m.mine ? 'you' : 'us', { date: date(m.at) }),
    detail: readable(m.text),
  }));
  return { blocks, total: all.length };
}

function inboundText(message: InboundMessage, t: (key: string) => string): string {
  switch (message.kind) {
    case 'text':
      return message.text;
    case 'button':
    case 'list':
      return message.title ?? message.id;
    case 'media':
      return message.caption ?? t('mediaSent');
    default:
      return t('locationSent');
  }
}
