import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBadges, loadBadges } from './badges.js';
import { CONTENT_DIR } from './sources.js';
import { LANGUAGES } from './types.js';

/** content/badges.yaml changed by `edit`, in a folder beside a copy of the schemas. */
function badgesWith(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'badges-'));
  mkdirSync(join(dir, 'content'));
  const text = readFileSync(join(CONTENT_DIR, 'badges.yaml'), 'utf8').replace(
    'schema/badges.schema.json',
    `${join(CONTENT_DIR, 'schema')}/badges.schema.json`.replace(/^\//, '../'.repeat(dir.split('/').length)),
  );
  writeFileSync(join(dir, 'content', 'badges.yaml'), edit(text));
  return join(dir, 'content');
}

describe('content/badges.yaml', () => {
  it('loads, with a title and description in every language and unique ids', () => {
    const badges = loadBadges();
    expect(badges.length).toBeGreaterThanOrEqual(10);
    for (const badge of badges)
      for (const language of LANGUAGES) {
        expect(badge.title[language as 'en' | 'sw'], `${badge.id} ${language}`).toBeTruthy();
        expect(badge.description[language as 'en' | 'sw'], `${badge.id} ${language}`).toBeTruthy();
      }
    expect(new Set(badges.map((b) => b.id)).size).toBe(badges.length);
    expect(badges.map((b) => `${b.rule.metric}:${b.rule.atLeast}`)).toEqual(
      expect.arrayContaining(['lessons:1', 'streak:3', 'streak:7', 'streak:30', 'streak:100', 'courses:1']),
    );
  });

  it('names file:line:col of a bad colour, an unknown metric and a duplicate id', () => {
    const broken = (edit: (text: string) => string) =>
      checkBadges(badgesWith(edit)).problems.map((p) => `${p.line}:${p.col} ${p.rule}: ${p.message}`);
    expect(broken((t) => t.replace("'#ef6c00'", 'orange'))).toEqual([
      '14:13 pattern: colour must be a colour like #e65100',
    ]);
    expect(broken((t) => t.replace('metric: reviews', 'metric: review'))).toEqual([
      '57:21 enum: metric must be lessons, streak, courses, perfectQuizzes, reviews or comeback',
    ]);
    expect(broken((t) => t.replace('id: streak-7', 'id: streak-3'))).toEqual([
      '18:9 duplicate-badge: two badges have the id "streak-3"',
    ]);
  });

  it('a folder without badges.yaml has no badges and no problems', () => {
    expect(checkBadges(mkdtempSync(join(tmpdir(), 'no-badges-')))).toEqual({ problems: [], badges: [] });
  });
});
