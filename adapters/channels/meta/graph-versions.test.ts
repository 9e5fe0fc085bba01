import { describe, expect, it } from 'vitest';
import {
  DEFAULT_META_API_VERSION,
  GRAPH_API_VERSIONS,
  graphVersionNotice,
  isServedGraphVersion,
} from './graph-versions.js';

const on = (day: string) => new Date(`${day}T12:00:00Z`);

describe('Graph API versions', () => {
  it('defaults to the newest version in the table, which has no announced expiry', () => {
    const newest = Object.entries(GRAPH_API_VERSIONS).sort(([, a], [, b]) =>
      b.released.localeCompare(a.released),
    )[0]!;
    expect(newest[0]).toBe(DEFAULT_META_API_VERSION);
    expect(graphVersionNotice(DEFAULT_META_API_VERSION, on('2026-12-03'))).toBeUndefined();
  });

  it('warns within 90 days of expiry, naming the day and the fix (v21.0 in December 2026)', () => {
    expect(graphVersionNotice('v21.0', on('2026-12-03'))).toEqual({
      level: 'warn',
      message:
        "META_API_VERSION=v21.0 stops working on 2027-01-21, in 49 days: set META_API_VERSION=v26.0 (check Meta's changelog for changes first)",
    });
    expect(graphVersionNotice('v21.0', on('2026-10-23'))?.level).toBe('warn');
    expect(graphVersionNotice('v21.0', on('2026-10-22'))).toBeUndefined();
    expect(graphVersionNotice('v25.0', on('2026-12-03'))).toBeUndefined();
  });

  it('says error once the version has expired', () => {
    expect(graphVersionNotice('v20.0', on('2026-12-03'))).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/^META_API_VERSION=v20.0 expired on 2026-09-24/),
    });
  });

  it('notes a version the table does not know instead of guessing its expiry', () => {
    expect(graphVersionNotice('v27.0', on('2026-12-03'))).toMatchObject({
      level: 'info',
      message: expect.stringContaining('not in the known Graph API versions'),
    });
  });

  it('serves a known version until its expiry day', () => {
    expect(isServedGraphVersion('v21.0', on('2027-01-20'))).toBe(true);
    expect(isServedGraphVersion('v21.0', on('2027-01-21'))).toBe(false);
    expect(isServedGraphVersion('v26.0', on('2030-01-01'))).toBe(true);
    expect(isServedGraphVersion('v99.0', on('2026-12-03'))).toBe(false);
  });
});
