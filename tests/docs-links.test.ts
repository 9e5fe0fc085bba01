// Every relative link in README.md and docs/*.md must lead somewhere: the file exists and,
// for `path#anchor` or `#anchor`, the file has a heading with that GitHub slug.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function markdownFiles(): string[] {
  const docs = join(root, 'docs');
  const inDocs = readdirSync(docs)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(docs, name));
  return [join(root, 'README.md'), ...inDocs];
}

/** The text without fenced code blocks and inline code, where brackets are not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`+[^`\n]*`+/g, '');
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const plain = heading!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*~]/g, '');
    const base = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

/** Relative link targets: inline `[text](target)`, images, and reference definitions `[id]: target`. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map(
    (m) => m[1]!,
  );
  return [...inline, ...references].filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** What is wrong with a link from `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
  const hash = target.indexOf('#');
  const path = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
  const destination = path === '' ? file : resolve(dirname(file), path);
  if (!existsSync(destination)) return `no file ${relative(root, destination)}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(destination).isDirectory() || !destination.endsWith('.md')) {
    return `anchor #${anchor} on ${relative(root, destination)}, which is not a markdown file`;
  }
  if (!headingSlugs(readFileSync(destination, 'utf8')).has(anchor)) {
    return `no heading #${anchor} in ${relative(root, destination)}`;
  }
  return undefined;
}

describe('documentation links', () => {
  it('finds links and slugs the way GitHub does', () => {
    expect([
      ...headingSlugs("# The learner's journey\n## `npm test`, fast: 60 s\n## Twice\n## Twice"),
    ]).toEqual(['the-learners-journey', 'npm-test-fast-60-s', 'twice', 'twice-1']);
    expect(
      linkTargets('[a](docs/x.md#y) `[b](no.md)` [c](https://x.org) ![d](img.png "t")\n[e]: ../f.md'),
    ).toEqual(['docs/x.md#y', 'img.png', '../f.md']);
  });

  for (const file of markdownFiles()) {
    it(`every relative link in ${relative(root, file)} resolves`, () => {
      const problems = linkTargets(readFileSync(file, 'utf8'))
        .map((target) => [target, brokenLink(file, target)] as const)
        .filter(([, problem]) => problem !== undefined)
        .map(([target, problem]) => `${target}: ${problem}`);
      expect(problems).toEqual([]);
    });
  }
});
