import type { Logger } from '../logger.js';
import type { ErrorTracker } from './tracker.js';

const TRACKED = new Set(['error', 'fatal']);

/** The error and the message of a pino call: `(obj, msg)`, `(err, msg)` or `(msg)`. */
function errorOf(args: unknown[]): { err: unknown; message: string } {
  const [first, second] = args;
  if (typeof first === 'string') return { err: undefined, message: first };
  if (first instanceof Error)
    return { err: first, message: typeof second === 'string' ? second : first.message };
  const object = (first ?? {}) as { err?: unknown; error?: unknown };
  return { err: object.err ?? object.error, message: typeof second === 'string' ? second : 'error' };
}

/**
 * The same logger, and every child made from it, also counting each error- and fatal-level entry
 * in `tracker`: every part (HTTP errorHandler, jobs, sender, payments) already logs its failures,
 * so capturing here misses none of them. The group's source is the child's `part` binding.
 */
export function trackErrors(logger: Logger, tracker: ErrorTracker): Logger {
  return new Proxy(logger, {
    get(target, property, receiver) {
      if (property === 'child')
        return (bindings: Record<string, unknown>) => trackErrors(target.child(bindings), tracker);
      if (typeof property === 'string' && TRACKED.has(property)) {
        const method = target[property as 'error'].bind(target);
        return (...args: unknown[]) => {
          // Counted whatever LOG_LEVEL says: the level decides what is printed, not what happened.
          const { err, message } = errorOf(args);
          const part = (target.bindings() as { part?: unknown }).part;
          tracker.capture(err, message, typeof part === 'string' ? part : undefined);
          return (method as (...a: unknown[]) => void)(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
