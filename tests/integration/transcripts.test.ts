import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFlowRegistry } from '../../flows/index.js';
import { formatResult, readTranscript, runTranscriptFile } from '../harness/transcript.js';

const DIR = join(import.meta.dirname, '..', 'conversations');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => join(DIR, f));
const update = process.env.UPDATE_GOLDEN === '1';

describe('conversation transcripts (tests/conversations)', () => {
  for (const file of files) {
    it(
      file.slice(DIR.length + 1),
      async () => {
        const result = await runTranscriptFile(file, { update });
        // The readable transcript and the diff are the failure message.
        expect(result.ok, formatResult(result)).toBe(true);
        // Five simulated weeks are hundreds of turns: minutes on a busy two-core machine.
      },
      180_000,
    );
  }

  it('every registered flow has at least one transcript', () => {
    const covered = new Set(files.map((file) => readTranscript(file).flow));
    const missing = createFlowRegistry()
      .list()
      .map((flow) => flow.id)
      .filter((id) => !covered.has(id));
    expect(missing, `write tests/conversations/<flow>.<name>.yaml for: ${missing.join(', ')}`).toEqual([]);
  });
});
