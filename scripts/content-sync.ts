/** npm run content:sync [dir]: checks content, then upserts it into the configured database in one transaction. */
import { checkContent, summarize } from '../content/check.js';
import { formatProblem } from '../content/yaml-source.js';
import { describeSync, syncContent } from '../db/repositories/content-sync.js';
import { migrate } from '../db/migrator.js';
import { describeDatabase, withDatabase } from './lib/bootstrap.js';

const dir = process.argv[2] ?? 'content';
const { problems, content } = await checkContent(dir);
for (const problem of problems) console.log(formatProblem(problem));
if (problems.some((p) => p.severity === 'error')) {
  console.error(`${summarize(problems)}: nothing synced (fix the errors above, then run it again)`);
  process.exit(1);
}

/** `[██████░░░░] 12/20` redrawn in place on a terminal; a plain count every quarter (and at the end) otherwise. */
function progress(done: number, total: number): void {
  if (process.stdout.isTTY) {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stdout.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stdout.write('\n');
  } else if (done === total || Math.floor((done * 4) / total) > Math.floor(((done - 1) * 4) / total)) {
    console.log(`synced ${done}/${total} courses and lessons`);
  }
}

await withDatabase(async ({ db }, config) => {
  await migrate(db);
  const summary = await syncContent(db, content, { onProgress: progress });
  for (const line of describeSync(summary)) console.log(line);
  console.log(`${dir}/ → ${describeDatabase(config)}`);
});
