import type { LearnerRow } from '../../db/repositories/dashboard-learners.js';
import type { TableView } from './export.js';

/** The learners list as /admin/learners?format=csv|json downloads it (every learner the search finds). */
export const learnersTable = (rows: LearnerRow[]): TableView<LearnerRow> => ({
  name: 'learners',
  rows,
  columns: [
    { key: 'id', label: 'Learner id', value: (r) => r.id },
    { key: 'name', label: 'Name', value: (r) => r.name },
    { key: 'phone', label: 'Phone', value: (r) => r.phone },
    { key: 'status', label: 'Status', value: (r) => r.status },
    { key: 'course', label: 'Course', value: (r) => r.course },
    { key: 'last_wrote_at', label: 'Last wrote', value: (r) => r.lastInboundAt?.toISOString() ?? null },
  ],
});
