/** npm run content:check [dir]: every problem in every content file as file:line:col; exit 1 on errors. */
import { checkContent, summarize } from '../content/check.js';
import { formatProblem } from '../content/yaml-source.js';

const dir = process.argv[2] ?? 'content';
const { problems, content } = await checkContent(dir);
for (const problem of problems) console.log(formatProblem(problem));
const lessons = content.courses.reduce((sum, course) => sum + course.lessons.length, 0);
console.log(
  `${summarize(problems)} (${content.courses.length} valid courses with ${lessons} lessons in ${dir}/)`,
);
process.exitCode = problems.some((p) => p.severity === 'error') ? 1 : 0;
