import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain browser JS served to the simulator page, with no type declarations.
import { parseWhatsApp } from './whatsapp-format.js';

type Node = { type: string; text?: string; href?: string; children?: Node[] };
const parse = (text: string) => parseWhatsApp(text) as Node[];

describe('parseWhatsApp', () => {
  it('reads *bold*, _italic_, ~strike~, nested styles and plain text between', () => {
    expect(parse('Save *first*, spend _later_ ~never~ *_now_*')).toEqual([
      { type: 'text', text: 'Save ' },
      { type: 'bold', children: [{ type: 'text', text: 'first' }] },
      { type: 'text', text: ', spend ' },
      { type: 'italic', children: [{ type: 'text', text: 'later' }] },
      { type: 'text', text: ' ' },
      { type: 'strike', children: [{ type: 'text', text: 'never' }] },
      { type: 'text', text: ' ' },
      { type: 'bold', children: [{ type: 'italic', children: [{ type: 'text', text: 'now' }] }] },
    ]);
  });

  it('leaves markers that WhatsApp leaves: inside words, around spaces, across lines', () => {
    for (const text of ['2*3*4', 'snake_case_name', '* not bold *', '*one\ntwo*', 'a * b'])
      expect(parse(text)).toEqual([{ type: 'text', text }]);
  });

  it('shows ```monospace``` and `code` as written, with no styles inside', () => {
    expect(parse('Type ```*334#``` or `PIN_1`')).toEqual([
      { type: 'text', text: 'Type ' },
      { type: 'mono', text: '*334#' },
      { type: 'text', text: ' or ' },
      { type: 'code', text: 'PIN_1' },
    ]);
  });

  it('makes http(s) links, leaving the sentence full stop outside, and keeps HTML as text', () => {
    expect(parse('See https://example.org/a_b_c. <b>hi</b>')).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'link', href: 'https://example.org/a_b_c', text: 'https://example.org/a_b_c' },
      { type: 'text', text: '. <b>hi</b>' },
    ]);
  });
});
