import { describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../engine/events.js';
import { contentCatalog } from './content-catalog.js';
import { asksTutor, tutorQuestion } from './tutor-question.js';

const catalog = contentCatalog();
const quiz = (lesson: string) => catalog.lesson('money-basics', lesson)!.quiz;
const [choice, trueFalse, number] = quiz('needs-and-wants');
if (!choice || !trueFalse || !number) throw new Error('needs-and-wants has three questions');
const typed = quiz('save-first')[2]!;

describe('asksTutor: a question for the tutor, or an answer', () => {
  it('takes a question that is no answer, in English and Kiswahili', () => {
    expect(asksTutor(choice, 'what is a need?', 'en')).toBe(true);
    expect(asksTutor(choice, 'why do wants matter', 'en')).toBe(true);
    expect(asksTutor(trueFalse, 'hitaji ni nini?', 'sw')).toBe(true);
    expect(asksTutor(number, 'how many days in a month?', 'en')).toBe(true);
  });
  it('leaves an answer with a question mark an answer, and what is no question to the quiz', () => {
    expect(asksTutor(choice, 'Rent for your house?', 'en')).toBe(false);
    expect(asksTutor(trueFalse, 'False?', 'en')).toBe(false);
    expect(asksTutor(number, '1500?', 'en')).toBe(false);
    expect(asksTutor(choice, 'blue banana', 'en')).toBe(false);
  });
  it('for a typed answer: the right one, and a wrong one asked with "?" alone, are answers', () => {
    expect(typed.type).toBe('text');
    expect(asksTutor(typed, 'emergency fund?', 'en')).toBe(false);
    expect(asksTutor(typed, 'hospital money?', 'en')).toBe(false);
    expect(asksTutor(typed, 'what is a hospital bill?', 'en')).toBe(true);
    expect(asksTutor(typed, 'akiba ya hospitali ni nini', 'sw')).toBe(true);
  });
});

describe('tutorQuestion', () => {
  it('asks about the lesson of the question waiting, with what the learner typed', () => {
    const event: ConversationEvent = {
      type: 'learner.message',
      message: { kind: 'text', text: 'what is a need?' },
      input: 'what is a need?',
      at: '2026-03-02T04:30:00.000Z',
      learner: {
        phone: '+254700000001',
        name: 'Amina',
        language: 'sw',
        timezone: 'Africa/Nairobi',
        learning: { course: 'money-basics' },
      },
    };
    const where = { course: 'money-basics', lesson: 'save-first' };
    expect(tutorQuestion(catalog, event, 'review', where)).toEqual([
      {
        type: 'callService',
        params: {
          service: 'tutor.ask',
          input: expect.objectContaining({
            question: 'what is a need?',
            language: 'sw',
            name: 'Amina',
            course: 'money-basics',
            lesson: 'save-first',
            quizInProgress: false,
            reviewInProgress: true,
          }),
        },
      },
    ]);
  });
});
