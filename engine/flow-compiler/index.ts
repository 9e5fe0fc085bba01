/** Declarative flows: a parsed `flows/*.flow.yaml` object in, a FlowDefinition out. No I/O. */
export { compileFlow, END_STATE, type CompileOptions } from './compile.js';
export { checkFlow, type CheckOptions, type FlowIssue } from './check.js';
export { flowDiagram, flowDoc } from './diagram.js';
export type { FlowExtensions, Finisher, LearnerValue, OptionSource } from './extensions.js';
export { parseAnswer, parseTimeOfDay, parseTimezone, type TextsOf } from './answers.js';
export type { FlowSpec, Step } from './spec.js';
