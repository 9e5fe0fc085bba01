import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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
  for (const name of productionPackages(built, modules)) {
    if (leaveOut.includes(name)) continue;
    mkdirSync(dirname(join(runtime, 'node_modules', name)), { recursive: true });
    symlinkSync(join(modules, name), join(runtime, 'node_modules', name));
  }
  return runtime;
}

/**
 * The top-level packages `dependencies` need, transitively (optional ones when installed), read
 * from the package.json files themselves: `npm ls --omit=dev` answered differently under `npm test`
 * in CI (every dev package "extraneous", exit 1). A package nested in another's node_modules comes
 * with its parent's folder.
 */
function productionPackages(root: string, modules: string): Set<string> {
  const found = new Set<string>();
  const manifest = (dir: string) =>
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const { dependencies = {}, optionalDependencies = {} } = manifest(dir);
    for (const name of [...Object.keys(dependencies), ...Object.keys(optionalDependencies)]) {
      // Nested under its parent: it comes with the parent's folder, but its own needs may be top-level.
      const nested = join(dir, 'node_modules', name);
      if (existsSync(join(nested, 'package.json'))) visit(nested);
      else if (existsSync(join(modules, name, 'package.json'))) {
        found.add(name);
        visit(join(modules, name));
      } // else an optional one not installed on this platform
    }
  };
  visit(root);
  return found;
}
