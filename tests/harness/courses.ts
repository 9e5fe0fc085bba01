import type { Course, QuestionDifficulty, TrueFalseQuestion } from '../../content/types.js';

/** An English true/false question whose answer is true. */
export function trueFalse(
  id: string,
  question: string,
  difficulty: QuestionDifficulty = 'medium',
): TrueFalseQuestion {
  return {
    id,
    type: 'true-false',
    difficulty,
    question: { en: question },
    explanation: { en: 'It is true.' },
    answer: true,
  };
}

/**
 * An English, free, beginner course for journey tests: `lessons` lessons slugged `<prefix>-1`,
 * `<prefix>-2` …, each titled like its slug and carrying the quiz `quiz(n)` gives it.
 */
export function testCourse(
  slug: string,
  title: string,
  lessons: {
    count: number;
    prefix?: string;
    title?: string;
    quiz: (n: number) => TrueFalseQuestion[];
    /** Where it is listed; courses with one order are listed by slug. */
    order?: number;
  },
): Course {
  const prefix = lessons.prefix ?? 'lesson';
  const lessonTitle = lessons.title ?? 'Lesson';
  return {
    slug,
    order: lessons.order ?? 1,
    title: { en: title },
    description: { en: `${lessons.count} short lessons` },
    category: 'life-skills',
    difficulty: 'beginner',
    languages: ['en'],
    premium: false,
    passMark: 70,
    lessons: Array.from({ length: lessons.count }, (_, i) => ({
      slug: `${prefix}-${i + 1}`,
      title: { en: `${lessonTitle} ${i + 1}` },
      estimatedMinutes: 2,
      body: { en: `${lessonTitle} ${i + 1}.` },
      quiz: lessons.quiz(i + 1),
    })),
  };
}
