// `npm run build`, second step: the files the compiled code reads at run time, beside it in dist/.
// Every reader resolves them relative to its own module (import.meta.url), so dist/ mirrors the
// source tree: content/ (courses, messages, schemas, templates), flows/*.flow.yaml, the dashboard
// and simulator assets, and db/migrations. Plain JavaScript: it runs before anything is compiled.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const out = join(root, 'dist');
const notCode = (path) => !/\.(ts|tsx)$/.test(path) && !path.includes('__broken__');

const copies = [
  ['content', notCode],
  ['flows', (path) => notCode(path) && (!path.includes('.') || path.endsWith('.flow.yaml'))],
  ['adapters/admin/assets', () => true],
  ['adapters/http/simulator', notCode],
  ['db/migrations', () => true],
];
for (const [dir, keep] of copies) {
  cpSync(join(root, dir), join(out, dir), {
    recursive: true,
    filter: (source) => keep(source.slice(root.length + 1)),
  });
}
if (!existsSync(join(out, 'scripts', 'start.js'))) {
  console.error('dist/scripts/start.js is missing: run tsc -p tsconfig.build.json first');
  process.exit(1);
}
console.log(`dist/ ready: ${readdirSync(out).join(', ')}`);
