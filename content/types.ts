/** The shapes of content/ files once checked; tests/schema-types.test.ts fails when they drift from content/schema/. */

export const LANGUAGES = ['en', 'sw'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A learner-facing text per language; a course's `languages` must all be present. */
export type Localized<T = string> = Partial<Record<Language, T>>;

export type Category = 'money' | 'digital-safety' | 'health' | 'farming' | 'business' | 'life-skills';
export type CourseDifficulty = 'beginner' | 'intermediate' | 'advanced';
export type QuestionDifficulty = 'easy' | 'medium' | 'hard';
export type MediaType = 'image' | 'audio' | 'video' | 'document';

export interface Media {
  type: MediaType;
  url: string;
  caption?: Localized;
}

export interface Option {
  id: string;
  text: Localized;
  /** Why this option is wrong; present on every wrong option. */
  explanation?: Localized;
}

interface QuestionBase {
  id: string;
  /** Drafted by `npm run content:draft-quiz` and not yet reviewed: never synced or shown to learners. */
  draft?: boolean;
  difficulty: QuestionDifficulty;
  question: Localized;
  /** Why the right answer is right; shown after every answer. */
  explanation: Localized;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: 'single';
  options: Option[];
  /** The right option's id. */
  answer: string;
}

export interface MultipleSelectQuestion extends QuestionBase {
  type: 'multiple';
  options: Option[];
  /** The ids of every right option; all of them and no other is right. */
  answers: string[];
}

export interface TrueFalseQuestion extends QuestionBase {
  type: 'true-false';
  answer: boolean;
}

export interface FreeTextQuestion extends QuestionBase {
  type: 'text';
  /** Right answers per language, compared ignoring case and surrounding spaces. */
  accepted?: Localized<string[]>;
  /** A regular expression (case ignored) that a right answer matches. */
  pattern?: string;
}

export interface NumberQuestion extends QuestionBase {
  type: 'number';
  answer: number;
  /** How far from `answer` still counts as right; 0 when absent. */
  tolerance?: number;
}

export type Question =
  SingleChoiceQuestion | MultipleSelectQuestion | TrueFalseQuestion | FreeTextQuestion | NumberQuestion;
export type QuestionType = Question['type'];

export interface Lesson {
  slug: string;
  title: Localized;
  estimatedMinutes: number;
  media?: Media;
  body: Localized;
  quiz: Question[];
  /** Removed from the course's YAML: kept for learners already in it, never offered to new ones. */
  archived?: boolean;
}

/** Bonus reading a milestone unlocks: earning `badge` while in the course (flows/badges.ts). */
export interface CourseBonus {
  /** A badge id from content/badges.yaml. */
  badge: string;
  title: Localized;
  body: Localized;
}

/** content/courses/<slug>/course.yaml as written: lessons are slugs. */
export interface CourseFile {
  slug: string;
  /** Where the course comes in every list learners see, 1 first; a new course takes the next free number. */
  order: number;
  title: Localized;
  description: Localized;
  category: Category;
  difficulty: CourseDifficulty;
  languages: Language[];
  premium: boolean;
  /** Percent of quiz answers right needed to pass. */
  passMark: number;
  lessons: string[];
  /** What milestones unlock, in the order they are told. */
  bonus?: CourseBonus[];
}

/** A course with its lessons read from lessons/<slug>.yaml, in teaching order. */
export interface Course extends Omit<CourseFile, 'lessons'> {
  lessons: Lesson[];
  /** Its folder was removed from content/courses: kept for learners already in it, no longer listed. */
  archived?: boolean;
}

/** message key (`group.key`) → text, per language. */
export type MessageCatalog = Partial<Record<Language, Record<string, string>>>;

export interface TemplateApproval {
  /** Twilio Content SID. */
  twilio: string;
  /** Template name in Meta WhatsApp Manager. */
  meta: string;
  metaLanguage: string;
  /** The approved body with {{placeholder}} names. */
  text: string;
}

export interface WhatsAppTemplate {
  name: string;
  /** Placeholder names in the order the approved template numbers them. */
  variables: string[];
  languages: Localized<TemplateApproval>;
}

/** How long a plan's access lasts: `once` buys its courses for good; the others renew. */
export type PlanPeriod = 'once' | 'week' | 'month' | 'year';

/** One entry of content/plans.yaml: something a learner can buy with M-PESA. */
export interface Plan {
  id: string;
  title: Localized;
  /** Whole Kenya shillings. */
  price: number;
  period: PlanPeriod;
  /** The course slugs it unlocks, or `premium` for every premium course. */
  courses: 'premium' | string[];
}

export interface ContentSet {
  courses: Course[];
  /** content/plans.yaml; [] where a content set has none (fixtures, the database). */
  plans?: Plan[];
  messages: MessageCatalog;
  templates: Map<string, WhatsAppTemplate>;
}
