/** A stored XState snapshot's state as a dotted path (`active.lesson.awaitingAnswer`), for operators. */
export function stateName(snapshot: unknown): string {
  if (!snapshot || typeof snapshot !== 'object') return 'no conversation yet';
  const path = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (!value || typeof value !== 'object') return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => {
      const rest = path(inner);
      return rest.length ? rest.map((tail) => `${key}.${tail}`) : [key];
    });
  };
  const names = path((snapshot as { value?: unknown }).value);
  const status = (snapshot as { status?: unknown }).status;
  const text = names.join(', ') || 'unknown';
  return typeof status === 'string' && status !== 'active' ? `${text} (${status})` : text;
}
