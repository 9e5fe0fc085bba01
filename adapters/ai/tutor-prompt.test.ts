import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { estimatedCostUsd } from './cost.js';
import { firstNameOf, MAX_ANSWER_CHARS, shortened, tutorPrompt, withoutNumbers } from './tutor-prompt.js';

const passage = {
  id: 'money-basics/save-first/sw/p3',
  course: 'money-basics',
  lesson: 'save-first',
  title: 'Weka akiba kwanza, tumia baadaye',
  language: 'sw',
  kind: 'paragraph' as const,
  text: 'Weka akiba tofauti na pesa za matumizi.',
};

describe('tutorPrompt', () => {
  it('rules, language, first name and passages in the system message; the learner only as user', () => {
    const messages = tutorPrompt({
      firstName: 'Baraka',
      language: 'sw',
      passages: [passage],
      history: [{ question: 'Akiba ni nini?', answer: 'Akiba ni pesa unazoweka kando.' }],
      question: 'Niweke akiba wapi? Nambari yangu ni 0712 345 678',
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    const system = messages[0]!.content;
    expect(system).toContain('Reply in Kiswahili');
    expect(system).toContain('reply exactly: Sijui kutokana na kozi hii.');
    expect(system).toContain('first name: Baraka.');
    expect(system).toContain(
      '[1] Lesson "Weka akiba kwanza, tumia baadaye":\nWeka akiba tofauti na pesa za matumizi.',
    );
    expect(system).not.toContain('Niweke akiba wapi');
    expect(messages.at(-1)).toEqual({
      role: 'user',
      content: 'Niweke akiba wapi? Nambari yangu ni [number]',
    });
  });

  it('phone numbers in any spelling become [number]; amounts and years stay', () => {
    expect(withoutNumbers('call +254 712 345 678 or 0712-345-678')).toBe('call [number] or [number]');
    expect(withoutNumbers('KSh 1,500 in 2026')).toBe('KSh 1,500 in 2026');
  });

  it('only the first name', () => {
    expect(firstNameOf('  Amina Wanjiru Kamau ')).toBe('Amina');
    expect(firstNameOf(null)).toBe('');
  });
});

describe('shortened', () => {
  it('keeps short answers, cuts long ones at a sentence under the limit', () => {
    expect(shortened(' Short. ')).toBe('Short.');
    const long = 'A sentence of about forty characters. '.repeat(40);
    const cut = shortened(long);
    expect(cut.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    expect(cut.endsWith('characters.')).toBe(true);
  });

  it('without a sentence end, cuts at a word with an ellipsis', () => {
    const cut = shortened('word '.repeat(400), 50);
    expect(cut).toMatch(/^(word )+word…$/);
    expect(cut.length).toBeLessThanOrEqual(50);
  });
});

describe('CircuitBreaker', () => {
  it('opens after the failures in a row, lets one trial through after the cooldown, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 2, cooldownMs: 1000, now: () => now });
    breaker.failed();
    expect(breaker.allows()).toBe(true);
    breaker.failed();
    expect(breaker.allows()).toBe(false);
    now = 1000;
    expect(breaker.allows()).toBe(true);
    // Only one trial at a time.
    expect(breaker.allows()).toBe(false);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
  });

  it('a failed trial opens it again for a full cooldown', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 1, cooldownMs: 1000, now: () => now });
    breaker.failed();
    now = 1000;
    expect(breaker.allows()).toBe(true);
    breaker.failed();
    now = 1999;
    expect(breaker.allows()).toBe(false);
  });
});

describe('estimatedCostUsd', () => {
  it('prices known models (dated versions too) and counts unknown ones as free', () => {
    const usage = { promptTokens: 1_000_000, completionTokens: 1_000_000, totalTokens: 2_000_000 };
    expect(estimatedCostUsd('gpt-4o-mini', usage)).toBeCloseTo(0.75);
    expect(estimatedCostUsd('gpt-4o-mini-2024-07-18', usage)).toBeCloseTo(0.75);
    expect(estimatedCostUsd('gpt-4o', usage)).toBeCloseTo(12.5);
    expect(estimatedCostUsd('llama3.2', usage)).toBe(0);
  });
});
