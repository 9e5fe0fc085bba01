import type { Language, Question } from '../../../content/types.js';
import type { LessonStored } from '../../../db/repositories/content-browse.js';
import type { FormValues } from '../content-form.js';
import { Choice, Field, ProblemSummary, type FormProblems } from './content-fields.js';
import { LANGUAGE_NAMES, yamlPathOf } from './content-lesson.js';
import { SourceBadge, textOf } from './content.js';
import { Layout, type Viewer } from './layout.js';

const DIFFICULTIES = [
  ['easy', 'Easy'],
  ['medium', 'Medium'],
  ['hard', 'Hard'],
] as const;

interface QuestionPageProps {
  viewer: Viewer;
  stored: LessonStored;
  question: Question;
  source: string;
  values: FormValues;
  problems: FormProblems;
  done?: string;
}

/** The answer field that fits the question's type; multiple-choice answers and typed answers are kept as stored. */
function AnswerField({
  question,
  values,
  problems,
  disabled,
}: {
  question: Question;
  values: FormValues;
  problems: FormProblems;
  disabled: boolean;
}) {
  const common = { values, problems, disabled };
  if (question.type === 'single')
    return (
      <Choice
        name="answer"
        label="Right option"
        options={question.options.map(
          (option, i) =>
            [option.id, `${option.id}: ${values[`options.${i}.text.en`] ?? textOf(option.text)}`] as const,
        )}
        {...common}
      />
    );
  if (question.type === 'true-false')
    return (
      <Choice
        name="answer"
        label="Right answer"
        options={[
          ['true', 'True'],
          ['false', 'False'],
        ]}
        {...common}
      />
    );
  if (question.type === 'number') return <Field name="answer" label="Right number" {...common} />;
  return null;
}

export function QuestionPage({
  viewer,
  stored,
  question,
  source,
  values,
  problems,
  done,
}: QuestionPageProps) {
  const { course, lesson } = stored;
  const languages = course.languages as Language[];
  const readOnly = source === 'files';
  const lessonHref = `/admin/content/${course.slug}/${lesson.slug}`;
  const name = (language: string) => LANGUAGE_NAMES[language] ?? language;
  const common = { values, problems, disabled: readOnly };
  return (
    <Layout title={`Question ${question.id}`} viewer={viewer} current="content">
      <p class="crumbs">
        <a href="/admin/content">Content</a> ›{' '}
        <a href={`/admin/content/${course.slug}`}>{textOf(course.title)}</a> ›{' '}
        <a href={lessonHref}>{textOf(lesson.title)}</a> ›
      </p>
      <h1>Question {question.id}</h1>
      <p class="muted">
        {question.type} · <SourceBadge source={source} />
      </p>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      {readOnly && (
        <p class="notice" id="from-files">
          This question comes from <code>{yamlPathOf(course.slug, lesson.slug)}</code>. Edit that file and run{' '}
          <code>npm run content:sync</code>: an edit here would be undone by the next sync, so the dashboard
          does not take one.
        </p>
      )}
      <form
        method="post"
        action={`${lessonHref}/questions/${question.id}`}
        class="card content-form"
        hx-boost="false"
        novalidate
      >
        <input type="hidden" name="_csrf" value={viewer.csrfToken} />
        <ProblemSummary problems={problems} />
        <Choice name="difficulty" label="Difficulty" options={DIFFICULTIES} {...common} />
        {languages.map((language) => (
          <Field name={`question.${language}`} label={`Question (${name(language)})`} rows={3} {...common} />
        ))}
        {(question.type === 'single' || question.type === 'multiple') &&
          question.options.map((option, i) => (
            <fieldset>
              <legend>Option {option.id}</legend>
              {languages.map((language) => (
                <Field
                  name={`options.${i}.text.${language}`}
                  label={`Text (${name(language)})`}
                  {...common}
                />
              ))}
              {languages.map((language) => (
                <Field
                  name={`options.${i}.explanation.${language}`}
                  label={`Why it is wrong (${name(language)}; every wrong option needs one)`}
                  {...common}
                />
              ))}
            </fieldset>
          ))}
        <AnswerField question={question} {...common} />
        {languages.map((language) => (
          <Field
            name={`explanation.${language}`}
            label={`Why the right answer is right (${name(language)})`}
            rows={3}
            {...common}
          />
        ))}
        {!readOnly && <button type="submit">Save the question</button>}
      </form>
      {!readOnly && viewer.role === 'owner' && (
        <form
          method="post"
          action={`${lessonHref}/questions/${question.id}/archive`}
          class="card danger"
          hx-boost="false"
        >
          <input type="hidden" name="_csrf" value={viewer.csrfToken} />
          <h2>Archive (owners only)</h2>
          <label class="check">
            <input type="checkbox" name="confirm" value="yes" required /> Learners no longer get this question
          </label>
          <button type="submit" class="danger">
            Archive the question
          </button>
        </form>
      )}
    </Layout>
  );
}
