import { isMap, isScalar, isSeq, Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import type { OutboundMessage } from '../../engine/ports.js';
import { stableImageUrl } from './transcript-report.js';

/** What followed one learner action: the bot/no_reply steps that described it and what was really sent. */
export interface ReplyGroup {
  /** Index of the action step (-1: before the first action). */
  afterIndex: number;
  /** Indexes of the `bot` and `no_reply` steps up to the next action, ascending. */
  expectIndexes: number[];
  /** The replies, each with its local delivery time (`Tue 07:30`). */
  actual: { message: OutboundMessage; at: string }[];
}

function setTitles(doc: Document, map: YAMLMap, key: 'buttons' | 'list', titles: string[] | undefined) {
  if (!titles?.length) {
    map.delete(key);
    return;
  }
  const old = map.get(key, true);
  const same =
    isSeq(old) &&
    old.items.length === titles.length &&
    old.items.every((i, n) => isScalar(i) && i.value === titles[n]);
  if (same) return;
  const node = doc.createNode(titles);
  node.flow = true;
  map.set(key, node);
}

/** A `bot:` step showing the message exactly; reuses the old node so its comments and quoting stay. */
function botNode(
  doc: Document,
  old: YAMLMap | undefined,
  { message, at }: ReplyGroup['actual'][number],
): YAMLMap {
  const map = old ?? (doc.createNode({ bot: message.text }) as YAMLMap);
  const text = map.get('bot', true);
  if (isScalar(text)) text.value = message.text;
  else map.set('bot', message.text);
  // A text of several lines reads as it is sent: a literal block, not a folded quoted string (and
  // a plain scalar cannot span lines safely: a `: ` in the text breaks the file).
  const written = map.get('bot', true);
  if (isScalar(written) && message.text.includes('\n') && !written.type?.startsWith('BLOCK'))
    written.type = Scalar.BLOCK_LITERAL;
  setTitles(
    doc,
    map,
    'buttons',
    message.buttons?.map((b) => b.title),
  );
  setTitles(
    doc,
    map,
    'list',
    message.list?.rows.map((r) => r.title),
  );
  if (message.media?.type === 'image') map.set('image', stableImageUrl(message.media.url)!);
  else map.delete('image');
  if (map.has('at')) map.set('at', at);
  return map;
}

const kindOf = (node: unknown) =>
  isMap(node) ? (node.items[0]?.key as { value?: unknown } | undefined)?.value : undefined;

/**
 * UPDATE_GOLDEN: rewrites each group's `bot:` steps to the replies really sent (exact text),
 * in place where steps exist, adding or removing the difference; `no_reply` where nothing came.
 * Returns the new file text.
 */
export function rewriteGolden(doc: Document, groups: ReplyGroup[]): string {
  const steps = doc.get('steps', true);
  if (!isSeq(steps)) return doc.toString();
  const items = steps.items as Node[];
  for (const group of [...groups].reverse()) {
    const slots = group.expectIndexes;
    const oldBots = slots.map((i) => items[i]).filter((n): n is YAMLMap => kindOf(n) === 'bot');
    const oldNoReply = slots.map((i) => items[i]).find((n) => kindOf(n) === 'no_reply');
    const fresh: Node[] =
      group.actual.length > 0
        ? group.actual.map((reply, n) => botNode(doc, oldBots[n], reply))
        : slots.length > 0
          ? [oldNoReply ?? (doc.createNode({ no_reply: 'true' }) as Node)]
          : [];
    slots.forEach((slot, n) => {
      if (n < fresh.length) items[slot] = fresh[n]!;
    });
    for (const slot of slots.slice(fresh.length).reverse()) items.splice(slot, 1);
    if (fresh.length > slots.length)
      items.splice((slots.at(-1) ?? group.afterIndex) + 1, 0, ...fresh.slice(slots.length));
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
