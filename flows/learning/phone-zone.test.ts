import { describe, expect, it } from 'vitest';
import { zoneForAddress, zoneForPhone } from './phone-zone.js';

describe('the time zone proposed from a phone number', () => {
  it('is the zone of single-zone countries, +254 Nairobi and +44 London', () => {
    expect(zoneForPhone('+254712345678')).toBe('Africa/Nairobi');
    expect(zoneForPhone('+447700900123')).toBe('Europe/London');
    expect(zoneForPhone('+255754123456')).toBe('Africa/Dar_es_Salaam');
  });
  it('is none for countries with several zones or a number it cannot read', () => {
    expect(zoneForPhone('+12025550123')).toBeUndefined();
    expect(zoneForPhone('hello')).toBeUndefined();
  });
});

describe('the time zone proposed from an address', () => {
  it('is the phone’s zone when the address is a phone number', () => {
    expect(zoneForAddress('+254712345678')).toBe('Africa/Nairobi');
    expect(zoneForAddress('+12025550123')).toBeUndefined();
  });
  it('falls back to the BSUID’s country prefix: KE. Nairobi, UG. Kampala, GB. London', () => {
    expect(zoneForAddress('KE.1502576394655843')).toBe('Africa/Nairobi');
    expect(zoneForAddress('UG.88Ab12')).toBe('Africa/Kampala');
    expect(zoneForAddress('GB.13491208655302741918')).toBe('Europe/London');
  });
  it('is none (so the learner is asked) for a several-zone or unknown country, or no address shape', () => {
    expect(zoneForAddress('US.13491208655302741918')).toBeUndefined();
    expect(zoneForAddress('BR.1502576394655843')).toBeUndefined();
    expect(zoneForAddress('ZZ.1502576394655843')).toBeUndefined();
    expect(zoneForAddress('someone')).toBeUndefined();
  });
});
