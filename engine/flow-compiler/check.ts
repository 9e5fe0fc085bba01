import type { CheckOptions, FlowIssue } from './check-issue.js';
import type { FlowSpec } from './spec.js';
import { learnerReferences, unknownAnswers, unknownMessages } from './check-references.js';
import { stepIssues } from './check-steps.js';
import { loopsWithoutWait, reachedSteps, stepNames, targetIssues } from './check-targets.js';

export type { CheckOptions, FlowIssue } from './check-issue.js';

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
