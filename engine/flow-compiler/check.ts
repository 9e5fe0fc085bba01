import type { FlowSpec } from './spec.js';
import { learnerReferences, unknownAnswers, unknownMessages } from './check-references.js';
import { stepIssues } from './check-steps.js';
import { loopsWithoutWait, reachedSteps, stepNames, targetIssues } from './check-targets.js';

/** A problem the schema cannot see; `path` leads to the YAML node it is about. */
export interface FlowIssue {
  path: (string | number)[];
  rule: string;
  message: string;
  hint?: string;
}

export interface CheckOptions {
  /** The languages whose messages file lacks this key (empty when every language has it). */
  missingMessage(key: string): string[];
  /** Every flow id a `start` step may name (TypeScript and YAML flows). */
  flows: ReadonlySet<string>;
  /** Names TypeScript provides (FlowExtensions): `options: { from }`, `{{learner.<value>}}`, `finish:`. */
  optionSources?: ReadonlySet<string>;
  learnerValues?: ReadonlySet<string>;
  finishers?: ReadonlySet<string>;
}

/**
 * What the schema cannot check: targets and flows that exist, steps that can be reached, names
 * used once, message keys present in every language, answers that some step saves.
 */
export function checkFlow(spec: FlowSpec, options: CheckOptions): FlowIssue[] {
  const { names, issues } = stepNames(spec);
  const reached = reachedSteps(spec, names);
  spec.steps.forEach((_step, index) => {
    issues.push(...targetIssues(spec, index, names, reached));
    issues.push(...stepIssues(spec, index, options));
  });
  issues.push(...unknownAnswers(spec));
  issues.push(...learnerReferences(spec, options.learnerValues ?? new Set()));
  issues.push(...unknownMessages(spec, options.missingMessage));
  issues.push(...loopsWithoutWait(spec));
  return issues;
}
