import { describe, expect, it } from 'vitest';
import { fillLearnerPlaceholders, isLearnerPlaceholder } from './learner-placeholders.js';

describe('fillLearnerPlaceholders', () => {
  it('fills the name and the name suffix, spaces inside the braces allowed', () => {
    expect(fillLearnerPlaceholders('Well done{{name_suffix}}! {{ name }}, try this.', 'Amina')).toBe(
      'Well done, Amina! Amina, try this.',
    );
  });

  it('leaves nothing behind for a learner without a name', () => {
    expect(fillLearnerPlaceholders('Well done{{name_suffix}}!', '')).toBe('Well done!');
  });

  it('leaves other names alone (content:check reports them) and text without braces as it is', () => {
    expect(fillLearnerPlaceholders('{{course}} for {{name}}', 'Juma')).toBe('{{course}} for Juma');
    expect(isLearnerPlaceholder('course')).toBe(false);
    expect(fillLearnerPlaceholders('plain', 'Juma')).toBe('plain');
  });
});
