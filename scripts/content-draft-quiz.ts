/**
 * npm run content:draft-quiz -- <course> <lesson> [--count=3] [--dir=content]: the model drafts quiz
 * questions from the lesson into its YAML file, marked `draft: true` (adapters/ai/draft-quiz.ts).
 * Needs a model (OPENAI_API_KEY, and OPENAI_BASE_URL / OPENAI_MODEL for a compatible server).
 */
import { DraftQuizError, draftQuiz } from '../adapters/ai/draft-quiz.js';
import { openAiModel } from '../adapters/ai/openai.js';
import { configOrExit } from './lib/bootstrap.js';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [course, lesson] = args.filter((a) => !a.startsWith('--'));
if (!course || !lesson) {
  console.error(
    'usage: npm run content:draft-quiz -- <course> <lesson> [--count=3] (e.g. money-basics save-first)',
  );
  process.exit(1);
}
const config = configOrExit();
if (!config.openai) {
  console.error(
    'content:draft-quiz needs a model and none is configured: set OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL, OPENAI_MODEL and any OPENAI_API_KEY for an OpenAI-compatible server such as Ollama, then run it again',
  );
  process.exit(1);
}
const count = Number(option('count') ?? 3);
if (!Number.isInteger(count) || count < 1 || count > 5) {
  console.error(`--count must be a whole number from 1 to 5, not "${option('count')}"`);
  process.exit(1);
}
try {
  const { file, ids } = await draftQuiz({
    dir: option('dir') ?? 'content',
    course,
    lesson,
    count,
    model: openAiModel({ ...config.openai, timeoutMs: Math.max(config.openai.timeoutMs, 60_000) }),
  });
  console.log(`drafted ${ids.length} question(s) into ${file}: ${ids.join(', ')}, each marked draft: true`);
  console.log(
    'Check and edit them, then delete `draft: true` to publish; until then learners never see them.',
  );
} catch (error) {
  if (!(error instanceof DraftQuizError)) throw error;
  console.error(`content:draft-quiz: ${error.message}`);
  process.exitCode = 1;
}
