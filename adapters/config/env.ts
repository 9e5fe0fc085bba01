import { existsSync } from 'node:fs';
import { isIP } from 'node:net';

/** Reads `.env` (if present) into process.env with Node's own loader; real env vars win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export type Env = Record<string, string | undefined>;

/** Collects one problem line per bad variable instead of stopping at the first. */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  required(name: string, why: string): string {
    const value = this.raw(name);
    if (value === undefined) this.problems.push(`${name} is missing: ${why}`);
    return value ?? '';
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}="${value}" is not valid: expected one of ${allowed.join(', ')}`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}="${value}" is not valid: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  }

  /** A Graph API version like `v26.0`. */
  graphApiVersion(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^v\d{1,3}\.\d{1,2}$/.test(value)) return value;
    this.problems.push(
      `${name}="${value}" is not valid: expected a Graph API version like ${fallback} (v, major, dot, minor)`,
    );
    return fallback;
  }

  /** An address to listen on: an IPv4 or IPv6 address, or a host name such as `localhost`. */
  host(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (
      isIP(value) ||
      /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value)
    ) {
      return value;
    }
    this.problems.push(
      `${name}="${value}" is not valid: expected an address such as 127.0.0.1, 0.0.0.0 or ::`,
    );
    return fallback;
  }

  url(name: string, protocols: readonly string[], fallback?: string): string | undefined {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return value;
    } catch {
      const example = `${protocols[0]}//…`;
      this.problems.push(`${name}="${value}" is not valid: expected a URL starting with ${example}`);
      return fallback;
    }
  }
}
