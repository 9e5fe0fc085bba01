import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { SCHEMA_DIR } from '../../content/sources.js';

/**
 * A copy of content/ in a temporary folder an author (a test) can edit, its schema lines pointing
 * back at content/schema; `courses` replaces content/courses (say, test content). Remove it after.
 */
export function copyOfContent(courses = 'content/courses'): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(courses, join(dir, 'courses'), { recursive: true });
  for (const part of ['messages', 'templates.yaml', 'badges.yaml'])
    cpSync(join('content', part), join(dir, part), { recursive: true });
  const fix = (path: string): void => {
    if (statSync(path).isDirectory()) return readdirSync(path).forEach((name) => fix(join(path, name)));
    const text = readFileSync(path, 'utf8');
    writeFileSync(
      path,
      text.replace(
        /\$schema=\S*?([\w-]+\.schema\.json)/,
        (_, name: string) => `$schema=${relative(dirname(path), join(SCHEMA_DIR, name))}`,
      ),
    );
  };
  fix(dir);
  return dir;
}
