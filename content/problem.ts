/** One thing wrong (or worth a warning) in a content file, at its line and column. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  rule: string;
  message: string;
  hint?: string;
}
