import { describe, expect, it } from 'vitest';
import { contentVariables, loadTemplates, TEMPLATE_NAMES, TemplatesError } from './templates.js';

describe('loadTemplates', () => {
  it('gives every template the code sends, in English and Swahili, with Twilio and Meta names', () => {
    const templates = loadTemplates();
    expect([...templates.keys()].sort()).toEqual([...TEMPLATE_NAMES].sort());
    expect(templates.get('quiz_reminder')).toMatchObject({
      variables: ['name', 'lesson'],
      languages: {
        en: { twilio: expect.stringMatching(/^HX[0-9a-f]{32}$/), meta: 'quiz_reminder', metaLanguage: 'en' },
        sw: { twilio: expect.stringMatching(/^HX[0-9a-f]{32}$/), meta: 'quiz_reminder', metaLanguage: 'sw' },
      },
    });
  });

  it('numbers the variables in the approved order for Twilio ContentVariables', () => {
    const template = loadTemplates().get('lesson_ready')!;
    expect(contentVariables(template, { course: 'Money basics', name: 'Amina' })).toEqual({
      '1': 'Amina',
      '2': 'Money basics',
    });
  });

  it('refuses a broken templates file and lists every error', () => {
    expect(() => loadTemplates('content/__broken__')).toThrow(TemplatesError);
    expect(() => loadTemplates('content/__broken__')).toThrow(
      /templates\.yaml:5:21 error pattern: twilio must be/,
    );
  });
});
