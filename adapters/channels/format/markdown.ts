/**
 * The Markdown authors write, as WhatsApp shows it: *bold*, _italic_, ~strike~, `code`, ```block```,
 * "• " bullets, headings in bold and links spelled out. Code and URLs pass through untouched, and
 * text already in WhatsApp style comes back unchanged.
 */

// Private-use delimiters around placeholders: authors never type them.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

const FENCED = /```[\s\S]*?```/g;
const INLINE_CODE = /`[^`\n]+`/g;
const IMAGE_OR_LINK = /!?\[([^\]\n]*)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>]*[^\s<>.,;:!?'")\]]/gi;

/** Keeps text out of the conversions, restored at the end. */
class Vault {
  private readonly items: string[] = [];
  keep(text: string): string {
    this.items.push(text);
    return `${OPEN}${this.items.length - 1}${CLOSE}`;
  }
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (_, i: string) => this.items[Number(i)]!);
  }
}

function inline(text: string): string {
  return (
    text
      // ***both*** → bold italic
      .replace(/\*\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*\*/g, '*_$1_*')
      .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '*$1*')
      // __bold__, but not inside identifiers like __init__value
      .replace(/(?<![\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/gu, '*$1*')
      .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '~$1~')
  );
}

function line(text: string): string {
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(text)) return text; // a horizontal rule
  const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text);
  if (heading) {
    // The whole heading is bold; bold marks inside it would close it early.
    const title = inline(heading[1]!).replace(/(?<!\S)\*(?=\S)(.+?)(?<=\S)\*(?!\S)/g, '$1');
    return title ? `*${title}*` : '';
  }
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(text);
  if (bullet) return `${bullet[1]}• ${inline(bullet[2]!)}`;
  return inline(text);
}

/** Converts common Markdown to WhatsApp markup; idempotent. */
export function toWhatsApp(text: string): string {
  const vault = new Vault();
  let result = text
    .replace(FENCED, (block) => vault.keep(block))
    .replace(INLINE_CODE, (code) => vault.keep(code))
    .replace(IMAGE_OR_LINK, (_, label: string, url: string) => {
      const kept = vault.keep(url);
      const shown = label.trim();
      return shown === '' || shown === url ? kept : `${shown}: ${kept}`;
    })
    .replace(URL, (url) => vault.keep(url));
  result = result
    .split('\n')
    .map((l) => line(l))
    .join('\n');
  return vault.restore(result);
}
