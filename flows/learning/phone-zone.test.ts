import { describe, expect, it } from 'vitest';
import { zoneForPhone } from './phone-zone.js';

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
