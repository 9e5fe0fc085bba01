import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * The folder map of ../shared/DESIGN.md, executable: what each product folder may import.
 * Tests (`tests/`, `*.test.ts` anywhere) may import anything. A relative import is matched by the
 * top-level folder it names (`../../db/client.js` reaches `db/`).
 */
const reaches = (folder, message) => ({ regex: `(^|/)${folder}/`, message });
const TESTS = reaches('tests', 'product code never imports tests/: move what ships to a product folder');
const SCRIPTS = reaches('scripts', 'scripts/ are entry points; nothing imports them but tests');
const DRIVER = {
  regex: '^(drizzle-orm|postgres|@electric-sql/pglite)($|/)',
  message: 'only db/ talks to the database: add a typed function to db/repositories/',
};
const LEARNING_INTERNALS = {
  regex: '(^|/)flows/learning/(?!index\\.js$)',
  message: 'outside flows/, the learning state and rules come from flows/learning/index.js',
};
const FILE_IO = {
  regex: '^(node:)?(fs|path|url)($|/)',
  message: 'flows/ does no file I/O: content/ reads the files',
};

const layers = {
  engine: [
    reaches('db', 'engine/ reaches I/O only through ports'),
    reaches('adapters', 'engine/ reaches I/O only through ports'),
    reaches('flows', 'engine/ does not know the flows; they register with it'),
    reaches('content', 'engine/ does not know content; flows pass it in'),
    TESTS,
    SCRIPTS,
    {
      regex: '^(?!\\.|xstate($|/)|luxon$)',
      message: 'engine/ imports only xstate, luxon, shared/ and its own files',
    },
  ],
  flows: [
    reaches('db', 'flows emit effects; the engine and its ports do the I/O'),
    reaches('adapters', 'flows emit effects; the engine and its ports do the I/O'),
    TESTS,
    SCRIPTS,
    FILE_IO,
    DRIVER,
  ],
  content: [
    reaches('engine', 'content/ does not import engine/: shared helpers live in shared/'),
    reaches('flows', 'content/ is read by flows, not the other way round'),
    reaches('adapters', 'content/ is read by adapters, not the other way round'),
    reaches('db', 'content/ is stored by db/, not the other way round'),
    TESTS,
    SCRIPTS,
    DRIVER,
  ],
  shared: [{ regex: '^(?!\\./)', message: 'shared/ is a leaf: plain functions with no imports' }],
  adapters: [TESTS, SCRIPTS, DRIVER, LEARNING_INTERNALS],
  db: [TESTS, SCRIPTS, reaches('adapters', 'db/ implements ports; adapters use it'), LEARNING_INTERNALS],
  scripts: [TESTS, LEARNING_INTERNALS],
};

/** One config per folder (flat config replaces a rule's options, it does not merge them). */
function layerRules() {
  return Object.entries(layers).map(([folder, patterns]) => ({
    files: [`${folder}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }));
}

export default tseslint.config(
  { ignores: ['node_modules', 'coverage', '.data', '.scratch', 'logs', 'db/migrations', 'dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...layerRules(),
);
