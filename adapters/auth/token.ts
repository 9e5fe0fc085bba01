import { sign, verify } from 'hono/jwt';
import { JwtAlgorithmMismatch, JwtTokenExpired, JwtTokenSignatureMismatched } from 'hono/utils/jwt/types';
import type { Config } from '../config/index.js';
import type { AdminRole } from '../../db/repositories/admins.js';

const ALGORITHM = 'HS256';
const ROLES: readonly AdminRole[] = ['owner', 'operator'];

export interface AdminClaims {
  sub: string;
  role: AdminRole;
  iat: number;
  exp: number;
}

export type TokenProblem = 'malformed' | 'expired' | 'invalid_signature';

/** Why a bearer token was refused; the message says which, so an operator can fix their client. */
export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** A signed HS256 token for one admin, valid for `config.jwt.expiresInSeconds`. */
export async function issueAdminToken(
  jwtConfig: Config['jwt'],
  admin: { id: string; role: AdminRole },
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + jwtConfig.expiresInSeconds;
  const claims: AdminClaims = { sub: admin.id, role: admin.role, iat, exp };
  return { token: await sign({ ...claims }, jwtConfig.secret, ALGORITHM), expiresAt: new Date(exp * 1000) };
}

function isAdminClaims(payload: Record<string, unknown>): payload is Record<string, unknown> & AdminClaims {
  return (
    typeof payload.sub === 'string' &&
    payload.sub.length > 0 &&
    ROLES.includes(payload.role as AdminRole) &&
    typeof payload.exp === 'number'
  );
}

/** The token's claims, or a `TokenError` saying whether it is malformed, expired or wrongly signed. */
export async function verifyAdminToken(token: string, jwtConfig: Config['jwt']): Promise<AdminClaims> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, jwtConfig.secret, ALGORITHM);
  } catch (err) {
    if (err instanceof JwtTokenExpired) throw new TokenError('expired', 'token expired: sign in again');
    if (err instanceof JwtTokenSignatureMismatched)
      throw new TokenError('invalid_signature', 'token has an invalid signature');
    if (err instanceof JwtAlgorithmMismatch)
      throw new TokenError('invalid_signature', `token is not signed with ${ALGORITHM}`);
    throw new TokenError('malformed', 'token is malformed: expected a JWT issued by POST /admin/api/login');
  }
  if (!isAdminClaims(payload))
    throw new TokenError('malformed', 'token is malformed: it lacks the admin id, role or expiry');
  return { sub: payload.sub, role: payload.role, iat: Number(payload.iat ?? 0), exp: payload.exp };
}
