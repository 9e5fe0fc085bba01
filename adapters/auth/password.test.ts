import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('encodes scrypt$N$r$p$salt$hash and verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, so the cost can change later', async () => {
    const hash = await hashPassword('pässword', FAST);
    expect(hash.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('pässword', hash)).toBe(true);
  });

  it.each([
    '',
    'bcrypt$x',
    'scrypt$1024$8$1$c2FsdA==',
    'scrypt$1000$8$1$c2FsdA==$aGFzaA==',
    'scrypt$1024$8$1$$',
  ])('never matches a malformed stored hash %j', async (stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });
});
