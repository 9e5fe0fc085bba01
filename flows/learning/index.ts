/*
 * The learner's learning state and the learning rules that read it, as adapters/, db/ and scripts/
 * see them: import from here, never from a file under flows/learning/ (eslint holds that).
 */
export {
  LEARNING_STATE_VERSION,
  type AccessGrant,
  type PaymentAttempt,
  learningStateSchema,
  type CourseState,
  type InsightSettings,
  type LearningState,
  type PauseReason,
  type QuizResult,
} from './state.js';
export { learningStateOf } from './read-state.js';
export { cardId, courseState, parseCardId, withCourse } from './progress.js';
export { emptyStreak, streakAsOf, streakDay, type StreakState } from './streak.js';
export { LEECH_LAPSES, type ReviewCard } from './review.js';
export { itemStats, type Attempt, type ItemStats } from './difficulty.js';
export { nextLessonAt } from './lesson-time.js';
export { nextLesson } from './sequence.js';
export { cityOf } from './local-time.js';
export { checkAnswer, type CheckableQuestion } from './answers.js';
export { isQuiet, DEFAULT_QUIET_HOURS, type QuietHours } from './quiet-hours.js';
export { bestStudyHour, type HourSample, type StudyHour } from './study-hour.js';
export * as leagueRules from './league.js';
