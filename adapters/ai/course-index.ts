import MiniSearch from 'minisearch';
import type { ContentCatalog } from '../../content/catalog.js';
import type { Course, Lesson, Localized } from '../../content/types.js';

/** A piece of course text the tutor may quote: a lesson paragraph or a question's explanation. */
export interface Passage {
  id: string;
  course: string;
  lesson: string;
  /** The lesson's title in the passage's language: what an answer cites. */
  title: string;
  language: string;
  /** A lesson paragraph, or a quiz question with its explanations (which give its answer away). */
  kind: 'paragraph' | 'explanation';
  text: string;
}

export interface PassageQuery {
  question: string;
  language: string;
  /** The learner's course: only its passages are searched. Every course when unknown. */
  course?: string;
  /** The lesson the learner is in or last finished: its passages come first. */
  lesson?: string;
  /** A quiz of this lesson is in progress: its questions' explanations are not quoted (they give answers away). */
  quizInProgress?: string;
  /** A review is in progress (its questions come from any lesson): no explanation is quoted. */
  reviewInProgress?: boolean;
  limit?: number;
}

// Words that say nothing about the topic: a question made only of them matches no passage.
export const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from how i if in is it its me my not of on or ' +
    'should so that the their them then there these they this to was we what when where which who why will ' +
    'with would you your about explain tell mean means meaning please again more ' +
    'na ya wa za la kwa ni je nini vipi kwa nini gani nani lini wapi kama hii hiyo huo ile ili au pia sana ' +
    'mimi wewe yeye sisi ninyi wao ndiyo hapana tafadhali eleza maana kuhusu katika kuna'
  ).split(/\s+/),
);

const inLanguage = (text: Localized | undefined, language: string) =>
  text?.[language as keyof Localized] ?? text?.en ?? '';

/** Markdown marks and bullets out, so a quoted passage reads as plain text. */
const plain = (text: string) =>
  text
    .replace(/[*_~]/g, '')
    .replace(/^\s*[•-]\s*/gm, '• ')
    .trim();

/** A heading line ("Needs or wants? 🛒") says nothing alone: it is read with the paragraph after it. */
function withHeadings(paragraphs: string[]): string[] {
  const merged: string[] = [];
  let heading = '';
  for (const [i, text] of paragraphs.entries()) {
    if (text.length < HEADING_CHARS && !text.includes('\n') && i < paragraphs.length - 1) {
      heading += `${text}\n`;
      continue;
    }
    merged.push(heading + text);
    heading = '';
  }
  return merged;
}

const HEADING_CHARS = 40;

export function lessonPassages(course: string, lesson: Lesson, language: string): Passage[] {
  const title = plain(inLanguage(lesson.title, language));
  const base = { course, lesson: lesson.slug, title, language };
  const paragraphs = withHeadings(
    inLanguage(lesson.body, language)
      .split(/\n\s*\n/)
      .map(plain)
      .filter((text) => text.length > 0),
  );
  const explanations = lesson.quiz.map((question) => {
    const wrong =
      'options' in question
        ? question.options.map((o) => inLanguage(o.explanation, language)).filter(Boolean)
        : [];
    return [
      inLanguage(question.question, language),
      inLanguage(question.explanation, language),
      ...wrong,
    ].join(' ');
  });
  return [
    ...paragraphs.map((text, i) => ({
      ...base,
      id: `${course}/${lesson.slug}/${language}/p${i}`,
      kind: 'paragraph' as const,
      text,
    })),
    ...explanations.map((text, i) => ({
      ...base,
      id: `${course}/${lesson.slug}/${language}/q${i}`,
      kind: 'explanation' as const,
      text: plain(text),
    })),
  ];
}

export interface CourseIndex {
  /** The best passages for a question, best first; [] when none shares a meaningful word with it. */
  search(query: PassageQuery): Passage[];
}

/**
 * BM25 (minisearch) over every lesson paragraph and question explanation of the catalog, per
 * language. Results come from the learner's course, passages of their current lesson boosted so
 * they come first when they match at all. Built once per catalog.
 */
export function courseIndex(catalog: ContentCatalog): CourseIndex {
  const search = new MiniSearch<Passage>({
    fields: ['text', 'title'],
    storeFields: ['id', 'course', 'lesson', 'title', 'language', 'kind', 'text'],
    processTerm: (term) => {
      const word = term.toLowerCase();
      return STOP_WORDS.has(word) || word.length < 2 ? null : word;
    },
  });
  for (const course of catalog.courses())
    for (const lesson of course.lessons)
      for (const language of course.languages) search.addAll(lessonPassages(course.slug, lesson, language));

  return {
    search({ question, language, course, lesson, quizInProgress, reviewInProgress, limit = 3 }) {
      const run = (lang: string) =>
        search.search(question, {
          filter: (r) =>
            r.language === lang &&
            (!course || r.course === course) &&
            !(r.kind === 'explanation' && (reviewInProgress || r.lesson === quizInProgress)),
          boost: { text: 2 },
          prefix: (term) => term.length >= 4,
          fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
          boostDocument: (_id, _term, stored) => (lesson && stored?.lesson === lesson ? 3 : 1),
        });
      const found = run(language);
      const results = found.length > 0 || language === 'en' ? found : run('en');
      return results.slice(0, limit).map((r) => ({
        id: r.id as string,
        course: r.course as string,
        lesson: r.lesson as string,
        title: r.title as string,
        language: r.language as string,
        kind: r.kind as Passage['kind'],
        text: r.text as string,
      }));
    },
  };
}

const indexes = new WeakMap<ContentCatalog, { courses: Course[]; index: CourseIndex }>();

/**
 * The catalog's index, built on first use and again when its courses change: a catalog that
 * refreshes in place (content sync, admin edits) hands out new course objects.
 */
export function indexFor(catalog: ContentCatalog): CourseIndex {
  const courses = catalog.courses();
  const built = indexes.get(catalog);
  if (built && built.courses.length === courses.length && built.courses.every((c, i) => c === courses[i]))
    return built.index;
  const index = courseIndex(catalog);
  indexes.set(catalog, { courses, index });
  return index;
}
