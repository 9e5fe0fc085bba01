import { describe, expect, it } from 'vitest';
import { renderMessage } from './plan.js';
import type { Learner, Messages } from './ports.js';

/** Message files in miniature: the lesson body and a quiz option as the real ones render them. */
const messages: Messages = {
  render: (_language, key, vars = {}) =>
    ({ 'lesson.body': '{{body}}', 'quiz.option': '{{answer}}', 'quiz.question': '{{question}}' })[
      key
    ]!.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? '')),
};

const learner = (name: string | null): Learner => ({
  id: 'u1',
  phone: '+254700000001',
  name,
  language: 'en',
  timezone: 'Africa/Nairobi',
  status: 'active',
});

describe('renderMessage', () => {
  it("fills {{name}} and {{name_suffix}} in lesson and question text with the learner's name", () => {
    const sent = renderMessage(messages, learner('Amina'), {
      key: 'lesson.body',
      vars: { body: 'Save first{{name_suffix}}. {{name}}, try it today.' },
      media: { type: 'image', url: 'https://example.org/a.png', caption: 'For {{name}}' },
    });
    expect(sent.text).toBe('Save first, Amina. Amina, try it today.');
    expect(sent.media?.caption).toBe('For Amina');
    const question = renderMessage(messages, learner('Amina'), {
      key: 'quiz.question',
      vars: { question: 'Which one, {{name}}?' },
      buttons: [{ id: 'a', key: 'quiz.option', vars: { answer: 'Me, {{name}}' } }],
    });
    expect(question.text).toBe('Which one, Amina?');
    expect(question.buttons).toEqual([{ id: 'a', title: 'Me, Amina' }]);
  });

  it('leaves no gap or braces for a learner who gave no name', () => {
    const sent = renderMessage(messages, learner(null), {
      key: 'lesson.body',
      vars: { body: 'Save first{{name_suffix}}.' },
    });
    expect(sent.text).toBe('Save first.');
  });
});
