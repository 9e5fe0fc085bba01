/*
 * The folder map is executable: eslint.config.js refuses imports across the layers of DESIGN.md,
 * and .dependency-cruiser.cjs refuses import cycles. Planted imports prove both bite.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function refusals(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('npm run lint refuses imports across layers', () => {
  it.each([
    ['flows/planted.ts', "import { openDatabase } from '../db/client.js';", 'flows emit effects'],
    ['flows/planted.ts', "import { readFileSync } from 'node:fs';", 'no file I/O'],
    ['scripts/planted.ts', "import { testDatabase } from '../tests/harness/db.js';", 'never imports tests/'],
    ['engine/planted.ts', "import pino from 'pino';", 'engine/ imports only'],
    [
      'content/planted.ts',
      "import { Engine } from '../engine/engine.js';",
      'content/ does not import engine/',
    ],
    [
      'adapters/planted.ts',
      "import { drizzle } from 'drizzle-orm/pglite';",
      'only db/ talks to the database',
    ],
  ])('%s: %s', async (file, source, expected) => {
    const found = await refusals(file, `${source}\nexport const planted = 1;\n`);
    expect(found.join('\n')).toContain(expected);
  });

  it('lets a layer import what the map allows', async () => {
    expect(
      await refusals('flows/planted.ts', "import { setup } from 'xstate';\nexport const planted = setup;\n"),
    ).toEqual([]);
  });
});
