/**
 * The shape of a `flows/*.flow.yaml` file once parsed, as content/schema/flow.schema.json checks
 * it (tests/schema-types.test.ts keeps the two in step). A step has a `name` and exactly one kind key
 * (`say`, `ask`, `set`, …) saying what it does.
 */

/** A text that may hold `{{answer}}`, `{{input.key}}` or `{{learner.field}}` placeholders, or a literal value. */
export type Value = string | number | boolean;

/** Where to go: a step's name, or `end` to finish the flow. */
export type Target = string;
export const END = 'end';

export interface StepBase {
  name: string;
  /** After this step, go here instead of the next step in the list. */
  goto?: Target;
}

export interface SayStep extends StepBase {
  say: string;
  vars?: Record<string, Value>;
  media?: { type: 'image' | 'audio' | 'video' | 'document'; url: string };
}

export type AskKind = 'text' | 'choice' | 'number' | 'time' | 'timezone' | 'language';

export interface ChoiceOption {
  id: string;
  message: string;
}

/** Options worked out when the step is asked, from a source TypeScript names (`courses`). */
export interface OptionsFrom {
  from: string;
  /** Message key each option's button shows, with its title as `{{answer}}`. */
  message: string;
}

export interface AskStep extends StepBase {
  ask: AskKind;
  message: string;
  vars?: Record<string, Value>;
  /** The name the answer is stored under; the step's name when left out. */
  save?: string;
  /** text: length; number: value; time: `HH:MM` (inclusive). */
  min?: number | string;
  max?: number | string;
  /** text: a regular expression the whole answer must match. */
  pattern?: string;
  /** choice: what the learner picks from (buttons up to 3, a list up to 10); time: suggested times. */
  options?: ChoiceOption[] | OptionsFrom;
  /** choice with more than 3 options: the message key of the button that opens the list. */
  list?: string;
  /** A good answer, shown to the learner as `{{example}}` and used by the path tests. */
  example?: string;
  /** An answer offered with a button (time, timezone, language, text, number). */
  default?: { value: string; button: string; message?: string };
  retry: { message: string; limit?: number | 'unlimited'; then?: Target };
  timeout?: Timeout;
}

export interface Timeout {
  /** A delay like `30m`, `2h`, `1d`. */
  after: string;
  goto: Target;
}

export type ProfileField = 'name' | 'language' | 'timezone' | `learning.${string}`;

export interface SetStep extends StepBase {
  set: Record<string, Value>;
}

export interface Condition {
  if: string;
  equals?: Value;
  in?: Value[];
  exists?: boolean;
  goto: Target;
}

export interface BranchStep extends StepBase {
  /** Checked in order; the first that holds decides. */
  branch: Condition[];
  /** Where to go when no condition holds (the next step when left out). */
  otherwise?: Target;
}

export interface CallStep extends StepBase {
  call: string;
  with?: Record<string, Value>;
}

export interface StartStep extends StepBase {
  start: string;
  with?: Record<string, Value>;
}

export interface WaitStep extends StepBase {
  /** `message`: until the learner writes (or the timeout); `timer`: until the named timer fires. */
  wait: 'message' | 'timer';
  message?: string;
  vars?: Record<string, Value>;
  save?: string;
  timer?: string;
  /** wait: timer — what to answer a learner who writes meanwhile. */
  reply?: string;
  timeout?: Timeout;
}

export interface ScheduleStep extends StepBase {
  schedule: string;
  delay?: string;
  at?: string;
  days?: number;
  zone?: string;
}

export interface EndStep extends StepBase {
  end: true;
}

/** Ends the flow, handing the root the effects a named TypeScript finisher makes of the answers. */
export interface FinishStep extends StepBase {
  finish: string;
}

export type Step =
  | SayStep
  | AskStep
  | SetStep
  | BranchStep
  | CallStep
  | StartStep
  | WaitStep
  | ScheduleStep
  | EndStep
  | FinishStep;

export const STEP_KINDS = [
  'say',
  'ask',
  'set',
  'branch',
  'call',
  'start',
  'wait',
  'schedule',
  'end',
  'finish',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface FlowSpec {
  flow: string;
  version: number;
  description: string;
  /** Message key of the MENU entry that starts this flow. */
  menu?: string;
  steps: Step[];
}

export function kindOf(step: Step): StepKind {
  const kind = STEP_KINDS.find((k) => k in step);
  if (!kind) throw new Error(`Step "${step.name}" has no kind: use one of ${STEP_KINDS.join(', ')}`);
  return kind;
}

export const DEFAULT_RETRY_LIMIT = 3;

/** Timer names are the flow's own: a TypeScript flow's timer of the same name is another timer. */
export const timeoutTimer = (flow: string, step: string) => `${flow}.${step}.timeout`;
export const scheduledTimer = (flow: string, timer: string) => `${flow}.${timer}`;

export const isOptionsFrom = (options: AskStep['options']): options is OptionsFrom =>
  options !== undefined && !Array.isArray(options);
/** The options written in the file (none when they come from a source). */
export const staticOptions = (step: AskStep): ChoiceOption[] =>
  Array.isArray(step.options) ? step.options : [];
