/**
 * Graph API versions and the day each stops working, from Meta's "Available Graph API Versions"
 * table (https://developers.facebook.com/docs/graph-api/changelog/versions/ and
 * https://developers.facebook.com/docs/graph-api/changelog, read 3 December 2026). A version is
 * usable until its date; `null`: Meta has not announced one yet. Add a row when Meta releases one.
 */
export const GRAPH_API_VERSIONS: Readonly<Record<string, { released: string; expires: string | null }>> = {
  'v26.0': { released: '2026-07-29', expires: null },
  'v25.0': { released: '2026-02-18', expires: '2028-07-29' },
  'v24.0': { released: '2025-10-08', expires: '2028-02-18' },
  'v23.0': { released: '2025-05-29', expires: '2027-10-08' },
  'v22.0': { released: '2025-01-21', expires: '2027-05-20' },
  'v21.0': { released: '2024-10-02', expires: '2027-01-21' },
  'v20.0': { released: '2024-05-21', expires: '2026-09-24' },
  'v19.0': { released: '2024-01-23', expires: '2026-05-21' },
  'v18.0': { released: '2023-09-12', expires: '2026-01-26' },
  'v17.0': { released: '2023-05-23', expires: '2025-09-12' },
  'v16.0': { released: '2023-02-02', expires: '2025-05-14' },
};

/** The newest version Meta has released, the default for META_API_VERSION. */
export const DEFAULT_META_API_VERSION = 'v26.0';

/** Warn this many days before the configured version stops working. */
export const EXPIRY_WARNING_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant `version` stops working (the start of its expiry day, UTC), or undefined when not known. */
export function graphVersionExpiry(version: string): Date | undefined {
  const expires = GRAPH_API_VERSIONS[version]?.expires;
  return expires ? new Date(`${expires}T00:00:00Z`) : undefined;
}

/** Whether Meta serves `version` at `now`: a version in the table, not past its expiry. */
export function isServedGraphVersion(version: string, now: Date): boolean {
  if (!GRAPH_API_VERSIONS[version]) return false;
  const expiry = graphVersionExpiry(version);
  return !expiry || now < expiry;
}

export interface GraphVersionNotice {
  level: 'error' | 'warn' | 'info';
  message: string;
}

/**
 * What start-up should say about the configured version at `now`: an error once it has expired,
 * a warning within EXPIRY_WARNING_DAYS of expiry, a note when the table does not know it, else nothing.
 */
export function graphVersionNotice(version: string, now: Date): GraphVersionNotice | undefined {
  const fix = `set META_API_VERSION=${DEFAULT_META_API_VERSION} (check Meta's changelog for changes first)`;
  if (!GRAPH_API_VERSIONS[version]) {
    return {
      level: 'info',
      message: `META_API_VERSION=${version} is not in the known Graph API versions (newest known ${DEFAULT_META_API_VERSION}): check its expiry date in Meta's changelog`,
    };
  }
  const expiry = graphVersionExpiry(version);
  if (!expiry) return undefined;
  const day = expiry.toISOString().slice(0, 10);
  if (now >= expiry) {
    return {
      level: 'error',
      message: `META_API_VERSION=${version} expired on ${day}: Meta refuses or upgrades its calls; ${fix}`,
    };
  }
  const daysLeft = Math.ceil((expiry.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft > EXPIRY_WARNING_DAYS) return undefined;
  return {
    level: 'warn',
    message: `META_API_VERSION=${version} stops working on ${day}, in ${daysLeft} days: ${fix}`,
  };
}
