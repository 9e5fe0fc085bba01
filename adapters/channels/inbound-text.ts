/*
 * What a learner sent, made storable before it reaches the engine, on every channel.
 * Decisions: U+0000 and unpaired UTF-16 surrogates are dropped (PostgreSQL text and jsonb cannot
 * hold them, so one would fail the insert: a 500 and the message lost); everything else is kept
 * as sent. Text longer than WhatsApp's own 4,096 is cut to 4,096 characters (code points, never
 * half an emoji) rather than refused: a refused webhook is not sent again. Ids and names over 256
 * are cut the same way; ours are far shorter, so a longer one matches nothing either way.
 */

/** The longest learner text (WhatsApp's limit; the console refuses longer). */
export const MAX_INBOUND_TEXT = 4096;
/** The longest button payload, list id or profile name kept (WhatsApp allows 256 for ids). */
export const MAX_INBOUND_ID = 256;

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must go.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` without what PostgreSQL cannot store: NUL and unpaired surrogates. */
export function storable(value: string): string {
  return value.replace(UNSTORABLE, '');
}

/** `value` made storable and cut to at most `max` characters (code points). */
export function storableText(value: string, max = MAX_INBOUND_TEXT): string {
  const clean = storable(value);
  if (clean.length <= max) return clean;
  let end = 0;
  for (let count = 0; count < max && end < clean.length; count++) {
    const unit = clean.charCodeAt(end);
    end += unit >= 0xd800 && unit <= 0xdbff ? 2 : 1;
  }
  return clean.slice(0, end);
}
