import { describe, expect, it } from 'vitest';
import { auditChanges } from './audit-diff.js';

describe('the audit diff', () => {
  it('lists only what changed, by dotted path, with added and removed keys', () => {
    const before = { paused: false, preferences: { lessonTime: '07:30', language: 'en' }, old: 1 };
    const after = { paused: true, preferences: { lessonTime: '18:00', language: 'en' }, added: [1, 2] };
    expect(auditChanges(before, after)).toEqual([
      { path: 'added', kind: 'added', after: '[1,2]' },
      { path: 'old', kind: 'removed', before: '1' },
      { path: 'paused', kind: 'changed', before: 'false', after: 'true' },
      { path: 'preferences.lessonTime', kind: 'changed', before: '07:30', after: '18:00' },
    ]);
  });

  it('shows a whole value created or erased, and nothing when neither side was recorded', () => {
    expect(auditChanges(null, { name: 'Wanjiru' })).toEqual([
      { path: 'name', kind: 'added', after: 'Wanjiru' },
    ]);
    expect(auditChanges('active', null)).toEqual([{ path: '(value)', kind: 'removed', before: 'active' }]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});
