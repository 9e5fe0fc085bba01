import type { Language } from '../../../content/types.js';
import type { LessonStored } from '../../../db/repositories/content-browse.js';
import type { OutboundMessage } from '../../../engine/ports.js';
import type { ItemStatistics } from '../../http/routes/items.js';
import type { FormValues } from '../content-form.js';
import { Bubbles } from './content-bubbles.js';
import { Choice, Field, ProblemSummary, type FormProblems } from './content-fields.js';
import { SourceBadge, textOf } from './content.js';
import { ItemTable } from './content-items.js';
import { Layout, type Viewer } from './layout.js';

export const LANGUAGE_NAMES: Record<string, string> = { en: 'English', sw: 'Kiswahili' };
const MEDIA_TYPES = [
  ['', 'None'],
  ['image', 'Picture'],
  ['audio', 'Sound'],
  ['video', 'Video'],
  ['document', 'Document'],
] as const;

export const yamlPathOf = (course: string, lesson: string) =>
  `content/courses/${course}/lessons/${lesson}.yaml`;

/** Why a file-owned row is not edited here: the next sync would undo it. */
export function FromFiles({ course, lesson }: { course: string; lesson: string }) {
  return (
    <p class="notice" id="from-files">
      This lesson comes from <code>{yamlPathOf(course, lesson)}</code>. Edit that file and run{' '}
      <code>npm run content:sync</code>: an edit here would be undone by the next sync, so the dashboard does
      not take one.
    </p>
  );
}

interface LessonPageProps {
  viewer: Viewer;
  stored: LessonStored;
  values: FormValues;
  problems: FormProblems;
  preview: OutboundMessage[];
  language: string;
  items: ItemStatistics[];
  done?: string;
}

function LessonForm({ stored, values, problems, viewer }: LessonPageProps) {
  const { course, lesson } = stored;
  const languages = course.languages as Language[];
  const readOnly = stored.source === 'files';
  return (
    <form
      method="post"
      action={`/admin/content/${course.slug}/${lesson.slug}`}
      class="card content-form"
      hx-boost="false"
      novalidate
    >
      <input type="hidden" name="_csrf" value={viewer.csrfToken} />
      <h2>Lesson</h2>
      <ProblemSummary problems={problems} />
      {languages.map((language) => (
        <Field
          name={`title.${language}`}
          label={`Title (${LANGUAGE_NAMES[language] ?? language})`}
          {...{ values, problems }}
          disabled={readOnly}
        />
      ))}
      <Field
        name="estimatedMinutes"
        label="Minutes it takes"
        hint="A whole number from 1 to 15."
        {...{ values, problems }}
        disabled={readOnly}
      />
      {languages.map((language) => (
        <Field
          name={`body.${language}`}
          label={`Text (${LANGUAGE_NAMES[language] ?? language})`}
          hint="WhatsApp style: *bold*, _italic_, short paragraphs; at most 1,200 characters."
          rows={10}
          {...{ values, problems }}
          disabled={readOnly}
        />
      ))}
      <Choice
        name="media.type"
        label="Media sent before the text"
        options={MEDIA_TYPES}
        {...{ values, problems }}
        disabled={readOnly}
      />
      <Field
        name="media.url"
        label="Media address (https://…)"
        {...{ values, problems }}
        disabled={readOnly}
      />
      {languages.map((language) => (
        <Field
          name={`media.caption.${language}`}
          label={`Media caption (${LANGUAGE_NAMES[language] ?? language}, optional)`}
          {...{ values, problems }}
          disabled={readOnly}
        />
      ))}
      {!readOnly && <button type="submit">Save the lesson</button>}
    </form>
  );
}

export function LessonPage(props: LessonPageProps) {
  const { stored, preview, language, items, done } = props;
  const { course, lesson } = stored;
  const base = `/admin/content/${course.slug}/${lesson.slug}`;
  const simulator = `/simulator?${new URLSearchParams({ course: course.slug, lesson: lesson.slug })}`;
  return (
    <Layout title={textOf(lesson.title)} viewer={props.viewer} current="content">
      <p class="crumbs">
        <a href="/admin/content">Content</a> ›{' '}
        <a href={`/admin/content/${course.slug}`}>{textOf(course.title)}</a> ›
      </p>
      <h1>{textOf(lesson.title)}</h1>
      <p class="muted">
        {lesson.slug} · <SourceBadge source={stored.source} />
        {lesson.archived && <span class="badge"> archived</span>} · <a href={simulator}>Try in simulator</a>
      </p>
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      {stored.source === 'files' && <FromFiles course={course.slug} lesson={lesson.slug} />}
      <div class="content-columns">
        <LessonForm {...props} />
        <section class="card preview" aria-labelledby="preview-title">
          <h2 id="preview-title">As WhatsApp shows it</h2>
          <p class="languages">
            {(course.languages as string[]).map((code) => (
              <a href={`${base}?lang=${code}`} aria-current={code === language ? 'true' : undefined}>
                {LANGUAGE_NAMES[code] ?? code}
              </a>
            ))}
          </p>
          <Bubbles messages={preview} />
        </section>
      </div>
      <section aria-labelledby="questions-title">
        <h2 id="questions-title">Quiz questions</h2>
        <ItemTable stored={stored} items={items} />
      </section>
    </Layout>
  );
}
