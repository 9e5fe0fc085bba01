/**
 * A strict reader of the Prometheus text exposition format (0.0.4), the checks `promtool check
 * metrics` makes on syntax: every line is a HELP, a TYPE or a sample; sample names belong to a
 * declared family; label values are quoted with valid escapes; values are floats; no sample is
 * repeated; histogram buckets are cumulative and the +Inf bucket equals _count. Throws on the first
 * problem with its line number.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (\\S+)(?: (-?\\d+))?$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = {
  counter: ['', '_total', '_created'],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  summary: ['', '_sum', '_count', '_created'],
};

function parseValue(text: string, where: string): number {
  // As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`).
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`${where}: "${text}" is not a number`);
  return Number(text);
}

export function parsePrometheusText(text: string): Sample[] {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const seen = new Set<string>();
  const samples: Sample[] = [];
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const where = `line ${index + 1}`;
      const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (comment) {
        const [, kind, name, rest] = comment as unknown as [string, string, string, string];
        if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`${where}: bad metric name ${name}`);
        if (kind === 'TYPE') {
          if (!TYPES.has(rest)) throw new Error(`${where}: unknown type "${rest}"`);
          if (types.has(name)) throw new Error(`${where}: ${name} declared twice`);
          types.set(name, rest);
        }
        return;
      }
      if (line.startsWith('#') || line === '') return;
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`${where}: not a sample: ${line}`);
      const name = match[1]!;
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(new RegExp(LABEL, 'g'))) {
        if (key! in labels) throw new Error(`${where}: label ${key} repeated`);
        labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      }
      const family = [...types].find(([base, type]) =>
        SUFFIXES[type]!.some((suffix) => name === base + suffix),
      );
      if (!family) throw new Error(`${where}: ${name} has no # TYPE line before it`);
      const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      if (seen.has(key)) throw new Error(`${where}: sample ${name} repeated with the same labels`);
      seen.add(key);
      if (family[1] === 'histogram' && name.endsWith('_bucket') && labels.le === undefined)
        throw new Error(`${where}: a histogram bucket without le`);
      samples.push({ name, labels, value: parseValue(match[match.length - 2]!, where) });
    });
  checkHistograms(samples, types);
  return samples;
}

function checkHistograms(samples: Sample[], types: Map<string, string>): void {
  for (const [base, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples.filter((s) => s.name === `${base}_bucket`)) {
      const { le: _le, ...rest } = sample.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      const ordered = buckets.sort((a, b) => parseValue(a.labels.le!, 'le') - parseValue(b.labels.le!, 'le'));
      ordered.reduce((previous, bucket) => {
        if (bucket.value < previous) throw new Error(`${base}${key}: buckets are not cumulative`);
        return bucket.value;
      }, 0);
      const count = samples.find(
        (s) => s.name === `${base}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key,
      );
      if (ordered.at(-1)?.labels.le !== '+Inf' || count?.value !== ordered.at(-1)?.value)
        throw new Error(`${base}${key}: the +Inf bucket must exist and equal _count`);
    }
  }
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there is none). */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
