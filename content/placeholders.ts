/**
 * Every {{placeholder}} the code fills in messages and templates. Message files and template
 * variables are checked against this list; code that adds a variable adds it here.
 */
export const PLACEHOLDERS = {
  name: "the learner's name (always supplied, may be empty)",
  name_suffix: '", <name>" when the learner gave a name, otherwise nothing',
  time: "the daily lesson time, HH:mm in the learner's timezone (or the one offered)",
  course: 'the course title',
  lesson: 'the lesson title',
  streak: 'days in a row with a lesson done',
  best: "the learner's longest streak, in days (the progress picture)",
  score: 'quiz answers right',
  total: 'quiz questions asked',
  count:
    'a number the message is about (lessons left, reminders …); a message of plural forms (one:, other:) picks its form by it',
  percent: "a course's pass mark, or the share of answers right at the learner's best study hour, in percent",
  lessonTime: "the learner's daily lesson time now, HH:mm (the best-study-hour offer)",
  lessonPercent:
    "the share of answers right at the learner's lesson time, in percent (the best-study-hour offer)",
  nextCourse: 'the title of another course the learner has not finished',
  rating: 'the 1–5 rating a learner gave a lesson (flows/feedback.flow.yaml)',
  courses: 'the courses, one per line (onboarding, COURSES) or with lessons done (PROGRESS)',
  zone: "the learner's time zone, like Africa/Nairobi",
  city: 'the city a time zone is shown by (ZONE Mombasa: "Mombasa")',
  command: 'a command as the learner probably meant it ("did you mean PROGRESS?")',
  language: "the learner's language by name (English, Kiswahili)",
  body: "a lesson's text, or a milestone bonus's (course.yaml `bonus:`), in the learner's language",
  question: "a quiz question's text",
  choices: "a question's options as numbered lines",
  answer: "an answer option, the right answer after a wrong one, or the tutor's answer (ASK)",
  passage: 'a passage of a lesson the offline tutor quotes (ASK)',
  explanation: 'why the right answer is right (or why the chosen one is wrong)',
  clock:
    'the lesson time as a Kiswahili speaker says it, "saa mbili usiku" for 20:00 (shared/swahili-time.ts)',
  expected: "the right answer in words, beside the learner's own (the EXPORT PDF)",
  date: "a date and time in the learner's time zone and language (the EXPORT file)",
  url: 'a link to a file made for the learner (EXPORT), working for a day',
  plans: 'the plans on offer with their prices in KES, one per line (PAY)',
  plan: "a plan's title (content/plans.yaml) in the learner's language",
  title: "a plan's title on its list row (PAY), or a milestone bonus's title (course.yaml `bonus:`)",
  titles: 'the titles of the milestone bonus the learner unlocked, one per line (BADGES)',
  price: "a plan's price in whole KES, like 1,500",
  amount: 'the KES an M-PESA payment moved',
  phone: 'the Kenyan M-PESA number a payment prompt goes to, like 0712 345 678',
  receipt: 'the M-PESA receipt code of a payment',
  until: "the day paid access ends, in the learner's language",
  payments: "the learner's payments, one per line (BILLING)",
  requestId: 'the number of a payment support request (BILLING)',
  strong: 'the lessons the learner knows well, as *titles* (the weekly insight)',
  weak: 'the lessons worth another look, as *titles* (the weekly insight)',
  text: "the model's own words (the weekly insight phrased by the model)",
  goal: 'what the learner said they want to learn (GOAL)',
  words: "the words of a learner's goal a course is about (GOAL)",
  reason: "the model's one-line reason for the course it recommends (GOAL)",
  lessons: 'lessons to review, as *titles* (GOAL)',
  emoji: "a badge's emoji (content/badges.yaml)",
  badge:
    "a badge's title in the learner's language (content/badges.yaml), or a league tier's badge, an emoji (🥉 Bronze … 💎 Diamond)",
  description: "what a badge was earned for, in the learner's language (content/badges.yaml)",
  badges: 'the badges earned, one per line with the day (BADGES)',
  next: 'the next badges with how far the learner is, one per line (BADGES)',
  link: "a certificate's public page, where anyone can check it (CERTIFICATE)",
  code: "a certificate's verification code, like ABCDE-FGHJK",
  nickname: "the learner's league nickname, the only name other learners see (LEAGUE)",
  suggestion: 'a free nickname suggested for LEAGUE JOIN',
  top: "the league group's top 5, one per line: place, nickname, points (LEAGUE)",
  rank: "the learner's place in their league group",
  size: 'how many learners are in the league group',
  points: "the learner's league points this week (or last week's, with the result)",
  gap: 'league points the learner needs to pass third place (the Sunday nudge)',
  announcement: "an operator's own words sent to many learners at once (dashboard /admin/bulk)",
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;

export function isPlaceholder(name: string): name is Placeholder {
  return Object.hasOwn(PLACEHOLDERS, name);
}

/** The names inside {{ }} in a text, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}\s]*)\s*\}\}/g)].map((match) => match[1]!);
}
