import { describe, expect, it } from 'vitest';
import { choiceSlot, titleLength, titlesToShorten, WHATSAPP_LIMITS } from './whatsapp-limits.js';

describe('WhatsApp limits', () => {
  it('holds the documented sizes', () => {
    expect(WHATSAPP_LIMITS).toMatchObject({
      buttons: 3,
      buttonTitle: 20,
      listRows: 10,
      rowTitle: 24,
      rowDescription: 72,
      interactiveBody: 1024,
      caption: 1024,
      metaText: 4096,
      twilioText: 1600,
    });
  });

  it('puts up to 3 choices on buttons, up to 10 in a list, more in numbered text', () => {
    expect(choiceSlot(1)).toEqual({ kind: 'button', max: 20 });
    expect(choiceSlot(3)).toEqual({ kind: 'button', max: 20 });
    expect(choiceSlot(4)).toEqual({ kind: 'listRow', max: 24 });
    expect(choiceSlot(10)).toEqual({ kind: 'listRow', max: 24 });
    expect(choiceSlot(11)).toEqual({ kind: 'numberedText', max: null });
  });

  it('measures a title with its white space collapsed and an emoji as two units', () => {
    expect(titleLength('  Yes,\n  please  ')).toBe(11);
    expect(titleLength('👍 OK')).toBe(5);
  });

  it('names the titles too long for their slot', () => {
    const twenty = 'a'.repeat(20);
    expect(titlesToShorten([twenty, `${twenty}b`, 'c'])).toEqual([{ index: 1, length: 21, max: 20 }]);
    // Four choices go to a list, where 21 units fit and 25 do not.
    expect(titlesToShorten([`${twenty}b`, 'x'.repeat(25), 'c', 'd'])).toEqual([
      { index: 1, length: 25, max: 24 },
    ]);
    expect(titlesToShorten(Array.from({ length: 11 }, () => 'x'.repeat(40)))).toEqual([]);
  });
});
