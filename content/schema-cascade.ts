import { damerauLevenshtein } from '../shared/text-distance.js';
import type { Problem } from './problem.js';

type Path = (string | number)[];

/** A schema problem with what it is about, so problems from one mistake can be told apart. */
export interface FoundProblem {
  problem: Problem;
  /** The instance path the problem is about. */
  at: Path;
  /** A field that may not be here (unknown, or not allowed for this kind), in the group at `at`. */
  unwanted?: string;
  /** A required field missing from the group at `at`. */
  missing?: string;
  /** The missing field is one of several that would do (inside an `anyOf`). */
  alternative?: boolean;
  /** The `anyOf` problem that says which fields would do. */
  alternatives?: boolean;
}

const startsWith = (path: Path, prefix: Path): boolean =>
  prefix.length <= path.length && prefix.every((segment, i) => String(path[i]) === String(segment));

/**
 * One mistake, one error. A field written under a wrong name (`answer:` in a multiple-select
 * question, `anwsers:`) breaks two rules: the name is not allowed and the required field is
 * missing; and the misnamed field's value breaks its own rules. The author gets one error at the
 * misnamed field that says what is missing and "did you mean"; the rest is dropped.
 */
export function oneErrorPerMistake(found: FoundProblem[]): Problem[] {
  const dropped = new Set<FoundProblem>();
  const unwanted = found.filter((f) => f.unwanted !== undefined);
  for (const field of unwanted) {
    const inside = [...field.at, field.unwanted!];
    for (const other of found) if (other !== field && startsWith(other.at, inside)) dropped.add(other);
  }
  const sameGroup = (a: FoundProblem, b: FoundProblem) =>
    a.at.length === b.at.length && startsWith(a.at, b.at);
  for (const required of found.filter((f) => f.missing !== undefined)) {
    const candidates = unwanted
      .filter((f) => !dropped.has(f) && startsWith(f.at, required.at) && f.at.length === required.at.length)
      .map((f) => ({
        f,
        distance: damerauLevenshtein(f.unwanted!.toLowerCase(), required.missing!.toLowerCase()),
      }))
      .filter(({ distance }) => distance <= 2)
      .sort((a, b) => a.distance - b.distance);
    const stand = candidates[0]?.f;
    if (!stand) continue;
    dropped.add(required);
    // One of several fields that would do was misnamed: the others and the "one of" problem go too.
    if (required.alternative)
      for (const other of found)
        if ((other.alternative || other.alternatives) && sameGroup(other, required)) dropped.add(other);
    stand.problem = {
      ...stand.problem,
      rule: 'misnamed-field',
      message: `${required.problem.message}, and "${stand.unwanted}" is not one of its fields`,
      hint: `did you mean \`${required.missing}:\`?`,
    };
  }
  // "needs accepted answers or a pattern" says it once; each alternative's own "has no …" would repeat it.
  for (const choice of found.filter((f) => f.alternatives && !dropped.has(f)))
    for (const other of found) if (other.alternative && sameGroup(other, choice)) dropped.add(other);
  return found.filter((f) => !dropped.has(f)).map((f) => f.problem);
}

/** A path as authors count: `question 2 › option 1 › text` (positions from 1, like ids q1, q2). */
export function describePath(path: Path): string {
  const parts: string[] = [];
  path.forEach((segment, i) => {
    if (typeof segment === 'number') {
      const list = String(path[i - 1] ?? 'item');
      parts.pop();
      parts.push(`${ITEM_NAMES[list] ?? `${list} item`} ${segment + 1}`);
    } else parts.push(segment);
  });
  return parts.join(' › ');
}

const ITEM_NAMES: Record<string, string> = {
  quiz: 'question',
  options: 'option',
  lessons: 'lesson',
  steps: 'step',
  answers: 'answer',
  courses: 'course',
};
