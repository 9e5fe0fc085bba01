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
