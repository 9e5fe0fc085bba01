import { describe, expect, it } from 'vitest';
import { toWhatsApp } from './markdown.js';

describe('toWhatsApp', () => {
  it.each([
    ['**bold** and __also bold__', '*bold* and *also bold*'],
    ['_italic_ stays', '_italic_ stays'],
    ['~~gone~~', '~gone~'],
    ['***loud***', '*_loud_*'],
    ['# Lesson 3: **Soil**', '*Lesson 3: Soil*'],
    ['### Why it matters ###', '*Why it matters*'],
    ['- water\n* sun\n+ soil', '• water\n• sun\n• soil'],
    ['  - nested **item**', '  • nested *item*'],
    ['1. first\n2. second', '1. first\n2. second'],
    ['> a quote', '> a quote'],
    ['Read [the guide](https://example.com/guide)', 'Read the guide: https://example.com/guide'],
    ['[https://example.com](https://example.com)', 'https://example.com'],
    ['![chart](https://example.com/c.png)', 'chart: https://example.com/c.png'],
    ['---', '---'],
  ])('%j → %j', (markdown, whatsapp) => {
    expect(toWhatsApp(markdown)).toBe(whatsapp);
  });

  it('leaves code and URLs exactly as written', () => {
    const text = [
      'Run `npm run **build**` then see https://example.com/a__b__c/~~x~~?q=*y*.',
      '```',
      '# not a heading',
      '- not a bullet **x**',
      '```',
      'Snake_case_names stay too, as does my__var__name',
    ].join('\n');
    expect(toWhatsApp(text)).toBe(text);
  });

  it('does not swallow the full stop after a URL', () => {
    expect(toWhatsApp('See https://example.com/x. **Then** reply.')).toBe(
      'See https://example.com/x. *Then* reply.',
    );
  });

  it('is idempotent, and leaves text already in WhatsApp style unchanged', () => {
    const whatsapp =
      '*Lesson 1*\n\n• _water_ the soil\n• ~not~ daily\n\nMore: https://example.com/x_y_\n`code`';
    expect(toWhatsApp(whatsapp)).toBe(whatsapp);
    const markdown = '## Quiz\n\n- **Pick** one: [guide](https://x.io/a_b)\n- ~~none~~ `**kept**`';
    const once = toWhatsApp(markdown);
    expect(once).toBe('*Quiz*\n\n• *Pick* one: guide: https://x.io/a_b\n• ~none~ `**kept**`');
    expect(toWhatsApp(once)).toBe(once);
  });

  it('keeps emoji and Swahili text intact', () => {
    expect(toWhatsApp('**Hongera!** 🎉 Umefanya vizuri 👍🏽')).toBe('*Hongera!* 🎉 Umefanya vizuri 👍🏽');
  });
});
