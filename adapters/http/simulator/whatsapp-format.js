/*
 * WhatsApp's text formatting as the simulator shows it: *bold*, _italic_, ~strikethrough~,
 * ```monospace``` and `inline code`, and links. `parseWhatsApp` returns a tree of plain data
 * (tested in node); `renderWhatsApp` builds DOM nodes from it with textContent only, so no text
 * from a message is ever read as HTML.
 *
 * Decisions: like WhatsApp, a marker opens only at the start, after a space or punctuation, and
 * before a non-space; it closes before the end, a space or punctuation, after a non-space, on the
 * same line. Styles nest (*_both_*); nothing is styled inside monospace. Only http(s) links.
 */

const STYLES = { '*': 'bold', _: 'italic', '~': 'strike' };
const EDGE = `\\s.,;:!?'"()\\[\\]{}<>\\-`;
const INLINE = new RegExp(`(^|[${EDGE}])([*_~])([^\\s](?:[^\\n]*?[^\\s])?)\\2(?=$|[${EDGE}])`);
const LINK = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/;

/** Text with links as their own nodes. */
function withLinks(text) {
  const nodes = [];
  let rest = text;
  for (let match = LINK.exec(rest); match; match = LINK.exec(rest)) {
    if (match.index > 0) nodes.push({ type: 'text', text: rest.slice(0, match.index) });
    nodes.push({ type: 'link', href: match[0], text: match[0] });
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest) nodes.push({ type: 'text', text: rest });
  return nodes;
}

function inline(text) {
  const nodes = [];
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    const start = match.index + match[1].length;
    nodes.push(...withLinks(rest.slice(0, start)));
    nodes.push({ type: STYLES[match[2]], children: inline(match[3]) });
    rest = rest.slice(start + match[2].length * 2 + match[3].length);
  }
  nodes.push(...withLinks(rest));
  return nodes;
}

/** The formatting tree of a message: text, link, bold, italic, strike, mono (block) and code (inline). */
export function parseWhatsApp(text) {
  const nodes = [];
  const parts = String(text).split(/(```[\s\S]+?```|`[^`\n]+`)/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) nodes.push(...inline(part));
    else if (part.startsWith('```')) nodes.push({ type: 'mono', text: part.slice(3, -3) });
    else nodes.push({ type: 'code', text: part.slice(1, -1) });
  });
  return nodes.filter((node) => node.type !== 'text' || node.text !== '');
}

const TAGS = { bold: 'strong', italic: 'em', strike: 's', mono: 'pre', code: 'code' };

/** DOM nodes for a message, built with textContent only. */
export function renderWhatsApp(document, text) {
  const build = (node) => {
    if (node.type === 'text') return document.createTextNode(node.text);
    if (node.type === 'link') {
      const link = document.createElement('a');
      link.href = node.href;
      link.textContent = node.text;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      return link;
    }
    const element = document.createElement(TAGS[node.type]);
    if (node.children) element.append(...node.children.map(build));
    else element.textContent = node.text;
    return element;
  };
  return parseWhatsApp(text).map(build);
}
