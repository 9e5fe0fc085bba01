/*
 * A readable diff of an audit entry's before and after (JSON values the route recorded).
 * Decisions: objects are walked key by key into dotted paths (`preferences.lessonTime`); arrays and
 * scalars are compared whole and shown as compact JSON; a key only before is "removed", only after
 * "added"; unchanged keys are left out, so an operator sees just what moved.
 */

export interface AuditChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function auditChanges(before: unknown, after: unknown, path = ''): AuditChange[] {
  const nothing = (value: unknown) => value === null || value === undefined;
  // A record created (or erased) shows field by field, like an edit.
  if (nothing(before) && isObject(after)) return auditChanges({}, after, path);
  if (isObject(before) && nothing(after)) return auditChanges(before, {}, path);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const at = path ? `${path}.${key}` : key;
      if (!(key in before)) return [{ path: at, kind: 'added' as const, after: shown(after[key]) }];
      if (!(key in after)) return [{ path: at, kind: 'removed' as const, before: shown(before[key]) }];
      return auditChanges(before[key], after[key], at);
    });
  }
  if (nothing(before) && nothing(after)) return [];
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const at = path || '(value)';
  if (nothing(before)) return [{ path: at, kind: 'added', after: shown(after) }];
  if (nothing(after)) return [{ path: at, kind: 'removed', before: shown(before) }];
  return [{ path: at, kind: 'changed', before: shown(before), after: shown(after) }];
}
