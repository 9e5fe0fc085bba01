import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Test support for `npm run build` (scripts/build/build.int.test.ts): a clean copy of the checkout
 * (tracked and new files, no dist/, .data/ or .env), and a runtime folder holding only dist/,
 * package.json and the production dependencies, so a start that needs tsx or a dev dependency fails.
 */
export function cleanCheckoutCopy(root: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'learnloop-build-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root })
    .toString()
    .split('\0')
    .filter((file) => file && file !== 'node_modules');
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  symlinkSync(realpathSync(join(root, 'node_modules')), join(copy, 'node_modules'));
  return copy;
}

/** dist/ and package.json beside a node_modules/ of the production dependencies only (tsx left out too). */
export function productionRuntime(built: string, leaveOut: readonly string[] = ['tsx']): string {
  const runtime = join(built, 'runtime');
  cpSync(join(built, 'dist'), join(runtime, 'dist'), { recursive: true });
  cpSync(join(built, 'package.json'), join(runtime, 'package.json'));
  const modules = realpathSync(join(built, 'node_modules'));
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: built })
    .toString()
    .split('\n')
    .map((path) => relative(join(built, 'node_modules'), path))
    // Top-level packages only (`name` or `@scope/name`); nested ones come with their parent folder.
    .filter((name) => name && !name.startsWith('..') && !name.includes(`${sep}node_modules`));
  for (const name of new Set(listed)) {
    if (leaveOut.includes(name)) continue;
    mkdirSync(dirname(join(runtime, 'node_modules', name)), { recursive: true });
    symlinkSync(join(modules, name), join(runtime, 'node_modules', name));
  }
  return runtime;
}
