import type { LessonListed } from '../../../db/repositories/content-browse.js';
import type { CourseRow } from '../../../db/schema/content.js';
import type { Localized } from '../../../content/types.js';
import { Layout, type Viewer } from './layout.js';

export const textOf = (text: Localized | undefined) => text?.en ?? Object.values(text ?? {})[0] ?? '';

/** Who owns a row, as the content pages say it. */
export function SourceBadge({ source }: { source: string }) {
  return source === 'files' ? (
    <span class="badge files">YAML file</span>
  ) : (
    <span class="badge admin">Dashboard</span>
  );
}

export function CoursesPage(props: { viewer: Viewer; courses: (CourseRow & { lessons: number })[] }) {
  return (
    <Layout title="Content" viewer={props.viewer} current="content">
      <h1>Content</h1>
      <p class="muted">
        Courses as learners get them. Lessons from YAML files are edited in content/ and synced with{' '}
        <code>npm run content:sync</code>; lessons added through the admin API are edited here.
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Courses</caption>
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Languages</th>
              <th scope="col">Lessons</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {props.courses.map((course) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/content/${course.slug}`}>{textOf(course.title)}</a>
                  <span class="muted"> ({course.slug})</span>
                  {course.archivedAt && <span class="badge"> archived</span>}
                </th>
                <td>{course.languages.join(', ')}</td>
                <td>{course.lessons}</td>
                <td>{course.premium ? 'Premium' : 'Free'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function CoursePage(props: { viewer: Viewer; course: CourseRow; lessons: LessonListed[] }) {
  const { course } = props;
  return (
    <Layout title={textOf(course.title)} viewer={props.viewer} current="content">
      <p class="crumbs">
        <a href="/admin/content">Content</a> ›
      </p>
      <h1>{textOf(course.title)}</h1>
      <p class="muted">
        {course.slug} · {course.languages.join(', ')} · pass mark {course.passMark} %
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Lessons in teaching order</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Lesson</th>
              <th scope="col">Questions</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {props.lessons.map((lesson, i) => (
              <tr>
                <td>{i + 1}</td>
                <th scope="row">
                  <a href={`/admin/content/${course.slug}/${lesson.slug}`}>{textOf(lesson.title)}</a>
                  {lesson.archived && <span class="badge"> archived</span>}
                </th>
                <td>{lesson.questions}</td>
                <td>
                  <SourceBadge source={lesson.source} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
