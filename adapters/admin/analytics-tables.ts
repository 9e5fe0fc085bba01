/* The analytics pages' tables, each defined once for the page and its CSV / JSON downloads. */
import type { ItemStatistics as ItemRow } from '../http/routes/items.js';
import type { HourOfDay } from '../../db/repositories/analytics-report.js';
import type { TableColumn, TableView } from './export.js';

export const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)} %`;

export interface FunnelStep {
  step: string;
  lesson: string | null;
  title: string;
  learners: number;
  share: number;
  fromPrevious: number | null;
}

export const funnelTable = (course: string, rows: FunnelStep[]): TableView<FunnelStep> => ({
  name: `funnel-${course}`,
  rows,
  columns: [
    { key: 'step', label: 'Step', value: (r) => r.step },
    { key: 'lesson', label: 'Lesson', value: (r) => r.lesson },
    { key: 'title', label: 'Title', value: (r) => r.title },
    { key: 'learners', label: 'Learners', value: (r) => r.learners },
    { key: 'share', label: 'Of those who chose it', value: (r) => r.share, show: (r) => percent(r.share) },
    {
      key: 'from_previous',
      label: 'Of the step before',
      value: (r) => r.fromPrevious,
      show: (r) => percent(r.fromPrevious),
    },
  ],
});

export interface CohortRow {
  week: string;
  learners: number;
  retention: number[];
}

/** A cohort per row; week k's column is the share of the cohort who wrote in its k-th week after the first. */
export function retentionTable(rows: CohortRow[], weeks: number): TableView<CohortRow> {
  const later: TableColumn<CohortRow>[] = Array.from({ length: weeks - 1 }, (_, i) => ({
    key: `week_${i + 1}`,
    label: `Week ${i + 1}`,
    value: (r) => r.retention[i + 1] ?? null,
    show: (r) => percent(r.retention[i + 1]),
  }));
  return {
    name: 'retention',
    rows,
    columns: [
      { key: 'cohort_week', label: 'First week (Monday)', value: (r) => r.week },
      { key: 'learners', label: 'Learners', value: (r) => r.learners },
      ...later,
    ],
  };
}

export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export const engagementTable = (rows: HourOfDay[]): TableView<HourOfDay> => ({
  name: 'engagement-by-hour',
  rows,
  columns: [
    { key: 'hour', label: 'Local hour', value: (r) => r.hour, show: (r) => hourLabel(r.hour) },
    { key: 'messages', label: 'Messages from learners', value: (r) => r.messages },
    { key: 'learners', label: 'Learners who wrote', value: (r) => r.learners },
  ],
});

export const itemsTable = (course: string, rows: ItemRow[]): TableView<ItemRow> => ({
  name: `items-${course}`,
  rows,
  columns: [
    { key: 'question', label: 'Question', value: (r) => r.question },
    { key: 'lesson', label: 'Lesson', value: (r) => r.lesson },
    { key: 'learners', label: 'Learners', value: (r) => r.learners },
    { key: 'attempts', label: 'Answers', value: (r) => r.attempts },
    {
      key: 'facility',
      label: 'Right first time',
      value: (r) => r.facility,
      show: (r) => percent(r.facility),
    },
    {
      key: 'discrimination',
      label: 'Discrimination',
      value: (r) => r.discrimination,
      show: (r) => (r.discrimination === null ? 'too few learners' : r.discrimination.toFixed(2)),
    },
    {
      key: 'common_wrong_answers',
      label: 'Common wrong answers',
      value: (r) => r.commonWrongAnswers.map((w) => `${w.answer} ×${w.count}`).join('; '),
    },
    { key: 'leeches', label: 'Leech for', value: (r) => r.leeches },
  ],
});

export interface WeeklyRow {
  figure: string;
  kind: 'count' | 'rate' | 'money';
  current: number | null;
  previous: number | null;
}

const change = (r: WeeklyRow) => (r.current === null || r.previous === null ? null : r.current - r.previous);
const showValue = (r: WeeklyRow, value: number | null) =>
  value === null
    ? '–'
    : r.kind === 'rate'
      ? percent(value)
      : r.kind === 'money'
        ? `KES ${value}`
        : String(value);

function showChange(r: WeeklyRow): string {
  const delta = change(r);
  if (delta === null) return '–';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const size = Math.abs(delta);
  if (r.kind === 'rate') return `${sign}${(size * 100).toFixed(1)} points`;
  return `${sign}${r.kind === 'money' ? `KES ${size}` : size}`;
}

export const weeklyTable = (rows: WeeklyRow[], name: string): TableView<WeeklyRow> => ({
  name,
  rows,
  columns: [
    { key: 'figure', label: 'Figure', value: (r) => r.figure },
    {
      key: 'last_7_days',
      label: 'Last 7 days',
      value: (r) => r.current,
      show: (r) => showValue(r, r.current),
    },
    {
      key: 'previous_7_days',
      label: 'The 7 days before',
      value: (r) => r.previous,
      show: (r) => showValue(r, r.previous),
    },
    {
      key: 'change',
      label: 'Change',
      value: (r) => (change(r) === null ? null : Math.round(change(r)! * 10_000) / 10_000),
      show: showChange,
    },
  ],
});
