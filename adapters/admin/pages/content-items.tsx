import type { LessonStored } from '../../../db/repositories/content-browse.js';
import type { ItemStatistics } from '../../http/routes/items.js';
import { Formatted } from './content-bubbles.js';
import { SourceBadge, textOf } from './content.js';

const TYPE_LABELS: Record<string, string> = {
  single: 'One answer',
  multiple: 'Several answers',
  'true-false': 'True or false',
  text: 'Typed text',
  number: 'Typed number',
};

const percent = (share: number) => `${Math.round(share * 100)} %`;
const signed = (value: number | null) => (value === null ? '–' : value.toFixed(2));

/**
 * The lesson's questions with their item statistics (adapters/http/routes/items.ts): facility is
 * the share right on the first try, discrimination the top 27 % minus the bottom 27 %.
 */
export function ItemTable({ stored, items }: { stored: LessonStored; items: ItemStatistics[] }) {
  const base = `/admin/content/${stored.course.slug}/${stored.lesson.slug}`;
  const byId = new Map(items.map((item) => [item.question, item]));
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Questions with how learners answered them</caption>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Type</th>
            <th scope="col">Learners</th>
            <th scope="col">Facility</th>
            <th scope="col">Discrimination</th>
            <th scope="col">Common wrong answers</th>
            <th scope="col">Leeches</th>
          </tr>
        </thead>
        <tbody>
          {stored.quiz.map(({ question, source }) => {
            const item = byId.get(question.id);
            return (
              <tr>
                <th scope="row">
                  <a href={`${base}/questions/${question.id}`}>
                    <Formatted text={textOf(question.question)} />
                  </a>{' '}
                  <span class="muted">({question.id})</span> <SourceBadge source={source} />
                </th>
                <td>{TYPE_LABELS[question.type] ?? question.type}</td>
                <td>{item?.learners ?? 0}</td>
                <td>{item ? percent(item.facility) : '–'}</td>
                <td>{signed(item?.discrimination ?? null)}</td>
                <td>
                  {item?.commonWrongAnswers.length
                    ? item.commonWrongAnswers.map((wrong) => `“${wrong.answer}” × ${wrong.count}`).join(', ')
                    : '–'}
                </td>
                <td>{item?.leeches ?? 0}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
