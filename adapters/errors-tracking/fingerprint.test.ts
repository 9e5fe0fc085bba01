import { describe, expect, it } from 'vitest';
import { identify, normalizeMessage } from './fingerprint.js';

describe('error fingerprints', () => {
  it('puts errors that differ only by ids, numbers, quoted values or phones in one group', () => {
    const a = identify(
      new Error('learner 6f1c2a9e-1b2c-4d3e-8f90-123456789abc: order "x1" failed after 3 tries'),
      '',
    );
    const b = identify(
      new Error('learner 0a1c2a9e-1b2c-4d3e-8f90-123456789abc: order "y7" failed after 5 tries'),
      '',
    );
    expect(a.message).toBe('learner <uuid>: order <str> failed after <n> tries');
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(normalizeMessage('no reply from +254712345678')).toBe('no reply from <phone>');
  });

  it('tells classes and places apart, and names the top frame without line numbers', () => {
    const type = identify(new TypeError('boom'), '');
    const range = identify(new RangeError('boom'), '');
    expect(type.fingerprint).not.toBe(range.fingerprint);
    expect(type.topFrame).toMatch(/fingerprint\.test\.ts\)?$/);
    expect(identify(undefined, 'sweep failed')).toMatchObject({ errorClass: 'LoggedError', topFrame: null });
  });
});
