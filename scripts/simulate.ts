import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatResult, runTranscriptFile, TranscriptError } from '../adapters/simulator/transcript.js';

/** `npm run simulate -- FILE...`: runs transcripts (all of tests/conversations when none given). */
const DEFAULT_DIR = 'tests/conversations';
const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.includes('--help') || args.includes('-h')) {
  console.log(
    'usage: npm run simulate -- [tests/conversations/<flow>.<name>.yaml ...]\n  UPDATE_GOLDEN=1 rewrites the bot: lines with the actual replies',
  );
  process.exit(0);
}
const files =
  args.length > 0
    ? args
    : readdirSync(DEFAULT_DIR)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => join(DEFAULT_DIR, f));
const update = process.env.UPDATE_GOLDEN === '1';

let failed = 0;
for (const file of files) {
  try {
    const result = await runTranscriptFile(file, { update });
    console.log(formatResult(result) + '\n');
    if (!result.ok) failed++;
  } catch (error) {
    failed++;
    if (error instanceof TranscriptError) console.error(`${error.problems.join('\n')}\n`);
    else
      console.error(`${file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
}
console.log(`${files.length - failed} of ${files.length} transcript(s) passed`);
process.exit(failed > 0 ? 1 : 0);
