import { describe, expect, it } from 'vitest';
import { knownPhoneOf } from './learner-lookup.js';

describe('the phone number known for a learner (for payments: never assumed)', () => {
  it('is their address when it is a phone, else the phone most recently linked', () => {
    expect(
      knownPhoneOf([
        { kind: 'phone', value: '+254711000001', address: false },
        { kind: 'phone', value: '+254711000002', address: true },
      ]),
    ).toBe('+254711000002');
    expect(
      knownPhoneOf([
        { kind: 'bsuid', value: 'KE.1502576394655843', address: true },
        { kind: 'phone', value: '+254711000001', address: false },
        { kind: 'phone', value: '+254711000003', address: false },
      ]),
    ).toBe('+254711000003');
  });
  it('is undefined for a learner known only by BSUID and username', () => {
    expect(
      knownPhoneOf([
        { kind: 'bsuid', value: 'KE.1502576394655843', address: true },
        { kind: 'username', value: 'amina.k', address: false },
      ]),
    ).toBeUndefined();
  });
});
