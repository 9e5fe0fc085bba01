import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.js';

const valid = `# HELP jobs Jobs
# TYPE jobs gauge
jobs{queue="a\\"b",state="queued"} 3
# TYPE latency histogram
latency_bucket{le="0.1"} 1
latency_bucket{le="+Inf"} 2
latency_sum 0.3
latency_count 2
`;

describe('the exposition-format check used on /metrics', () => {
  it('reads samples with escaped label values', () => {
    expect(parsePrometheusText(valid)[0]).toEqual({
      name: 'jobs',
      labels: { queue: 'a"b', state: 'queued' },
      value: 3,
    });
  });

  it('reads NaN and Inf in any case, as Prometheus does (Node 24 reports a Nan event-loop mean when idle)', () => {
    const samples = parsePrometheusText('# TYPE lag gauge\nlag{a="1"} Nan\nlag{a="2"} +inf\n');
    expect(samples.map((s) => s.value)).toEqual([NaN, Infinity]);
  });

  it.each([
    ['a sample without a TYPE line', 'orphan 1\n', 'line 1: orphan has no # TYPE line before it'],
    ['an unquoted label value', '# TYPE g gauge\ng{a=b} 1\n', 'line 2: not a sample: g{a=b} 1'],
    ['a value that is no number', '# TYPE g gauge\ng 1x\n', 'line 2: "1x" is not a number'],
    ['a repeated sample', '# TYPE g gauge\ng 1\ng 2\n', 'line 3: sample g repeated with the same labels'],
    ['a missing final newline', '# TYPE g gauge\ng 1', 'the exposition must end with a newline'],
    [
      'buckets that shrink',
      valid.replace('le="+Inf"} 2', 'le="+Inf"} 0'),
      'latency[]: buckets are not cumulative',
    ],
    [
      '+Inf not equal to _count',
      valid.replace('latency_count 2', 'latency_count 3'),
      'latency[]: the +Inf bucket must exist and equal _count',
    ],
  ])('rejects %s', (_, text, message) => {
    expect(() => parsePrometheusText(text)).toThrow(message);
  });
});
