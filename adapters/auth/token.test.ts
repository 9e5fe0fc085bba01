import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { issueAdminToken, TokenError, verifyAdminToken } from './token.js';

const jwt = { secret: 'test-secret-that-is-long-enough-for-hs256', expiresInSeconds: 3600 };
const now = () => Math.floor(Date.now() / 1000);

async function problemOf(token: string): Promise<string> {
  try {
    await verifyAdminToken(token, jwt);
    return 'accepted';
  } catch (err) {
    return err instanceof TokenError ? err.problem : String(err);
  }
}

describe('admin tokens', () => {
  it('round-trips id and role with exp = iat + expiresInSeconds', async () => {
    const issuedAt = new Date();
    const { token, expiresAt } = await issueAdminToken(jwt, { id: 'a1', role: 'operator' }, issuedAt);
    const claims = await verifyAdminToken(token, jwt);
    expect(claims).toMatchObject({ sub: 'a1', role: 'operator' });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(expiresAt.getTime()).toBe(claims.exp * 1000);
  });

  it('tells expired, wrongly signed and malformed tokens apart', async () => {
    const claims = { sub: 'a1', role: 'owner', iat: now() - 7200 };
    expect(await problemOf(await sign({ ...claims, exp: now() - 60 }, jwt.secret, 'HS256'))).toBe('expired');
    expect(await problemOf(await sign({ ...claims, exp: now() + 60 }, 'another-secret', 'HS256'))).toBe(
      'invalid_signature',
    );
    expect(await problemOf(await sign({ ...claims, exp: now() + 60 }, jwt.secret, 'HS512'))).toBe(
      'invalid_signature',
    );
    expect(await problemOf('not-a-jwt')).toBe('malformed');
    expect(await problemOf('a.b.c')).toBe('malformed');
    expect(
      await problemOf(await sign({ sub: 'a1', role: 'king', exp: now() + 60 }, jwt.secret, 'HS256')),
    ).toBe('malformed');
    expect(await problemOf(await sign({ sub: 'a1', role: 'owner' }, jwt.secret, 'HS256'))).toBe('malformed');
  });

  it('refuses an unsigned ("alg": "none") token', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'a1', role: 'owner', exp: now() + 60 })}.`;
    expect(await problemOf(unsigned)).toBe('malformed');
  });
});
