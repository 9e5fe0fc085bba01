import { Layout, type Viewer } from './layout.js';

export interface LessonChoice {
  course: string;
  courseTitle: string;
  lessons: { slug: string; title: string }[];
}

interface Props {
  viewer: Viewer;
  learner: { id: string; title: string; course?: string; next?: string };
  flowState: string;
  choices: LessonChoice[];
  done?: string;
  problem?: string;
}

/** /admin/learners/:id/conversation: where the conversation stands, reset it, move the learner to a lesson. */
export function LearnerConversationPage({ viewer, learner, flowState, choices, done, problem }: Props) {
  const base = `/admin/learners/${learner.id}`;
  const csrf = <input type="hidden" name="_csrf" value={viewer.csrfToken} />;
  return (
    <Layout title={`Conversation · ${learner.title}`} viewer={viewer} current="learners">
      <p>
        <a href={base}>← {learner.title}</a>
      </p>
      <h1>Conversation</h1>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      <section class="card" aria-labelledby="state-title">
        <h2 id="state-title">Where it stands</h2>
        <dl class="facts">
          <dt>Conversation</dt>
          <dd data-figure="flowState">{flowState}</dd>
          <dt>Course</dt>
          <dd>{learner.course ?? 'none chosen'}</dd>
          <dt>Next lesson</dt>
          <dd>{learner.next ?? 'none left'}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="reset-title">
        <h2 id="reset-title">Reset a stuck conversation</h2>
        <p>
          Ends whatever the learner is in the middle of (a quiz, a payment, a question) and tells them to send
          NEXT or MENU. Their progress, streak and settings stay.
        </p>
        <form method="post" action={`${base}/conversation/reset`} hx-boost="false">
          {csrf}
          <button type="submit">Reset the conversation</button>
        </form>
      </section>
      <section class="card" aria-labelledby="move-title">
        <h2 id="move-title">Move to a lesson</h2>
        <p>
          The lesson chosen becomes the learner's next one: the lessons before it count as done, it and the
          ones after it as not done. The learner is told.
        </p>
        <form method="post" action={`${base}/conversation/move`} class="stacked" hx-boost="false">
          {csrf}
          <div class="field">
            <label for="move-lesson">Lesson</label>
            <select id="move-lesson" name="lesson" required>
              {choices.map((choice) => (
                <optgroup label={choice.courseTitle}>
                  {choice.lessons.map((lesson, i) => (
                    <option
                      value={`${choice.course}/${lesson.slug}`}
                      selected={learner.next === lesson.title}
                    >
                      {`${i + 1}. ${lesson.title}`}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button type="submit">Move the learner</button>
        </form>
      </section>
    </Layout>
  );
}
