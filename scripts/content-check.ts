/**
 * npm run content:check [dir] [flowsDir]: every problem in every content file and in every
 * *.flow.yaml (flows/ when checking the default content/) as file:line:col; exit 1 on errors.
 */
import { catalogFromContent } from '../content/catalog.js';
import { checkContent, describeCourses, describeDrafts, summarize } from '../content/check.js';
import { formatProblem } from '../content/yaml-source.js';
import { createTypescriptFlows } from '../flows/index.js';
import { checkYamlFlows } from '../flows/yaml.js';

const dir = process.argv[2] ?? 'content';
const checked = await checkContent(dir);
const { content } = checked;
const problems = [...checked.problems];
const flowsDir = process.argv[3] ?? (dir === 'content' ? 'flows' : undefined);
// The flows read the message files as they are built: with errors there, the flows wait for a clean run.
const messagesBroken = problems.some((p) => p.severity === 'error' && /(^|\/)messages\//.test(p.file));
if (flowsDir && messagesBroken) console.log('flows not checked: fix the message files first');
else if (flowsDir) {
  const otherFlows = createTypescriptFlows(catalogFromContent(content)).map((flow) => flow.id);
  problems.push(...checkYamlFlows({ dir: flowsDir, otherFlows }).problems);
}
for (const problem of problems) console.log(formatProblem(problem));
console.log(`${summarize(problems)} (${describeCourses(content, problems)} in ${dir}/)`);
const drafts = describeDrafts(content);
if (drafts) console.log(drafts);
process.exitCode = problems.some((p) => p.severity === 'error') ? 1 : 0;
