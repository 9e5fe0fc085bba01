import { describe, expect, it } from 'vitest';
import { zoneForCity } from './city-zones.js';
import { cityOf } from './local-time.js';

describe('zoneForCity', () => {
  it('knows East African towns that are no IANA zone, shown by the city named', () => {
    expect(zoneForCity('mombasa')).toEqual({ zone: 'Africa/Nairobi', city: 'Mombasa' });
    expect(zoneForCity('Arusha')).toEqual({ zone: 'Africa/Dar_es_Salaam', city: 'Arusha' });
    expect(zoneForCity('dar es salaam')).toEqual({ zone: 'Africa/Dar_es_Salaam', city: 'Dar es Salaam' });
    expect(zoneForCity('Goma')).toEqual({ zone: 'Africa/Lubumbashi', city: 'Goma' });
  });
  it('takes any other zone by name or city, and nothing unknown', () => {
    expect(zoneForCity('Europe/Paris')).toEqual({ zone: 'Europe/Paris', city: 'Paris' });
    expect(zoneForCity('Tokyo')).toEqual({ zone: 'Asia/Tokyo', city: 'Tokyo' });
    expect(zoneForCity('Atlantis')).toBeNull();
  });
  it('shows a zone as its city', () => {
    expect(cityOf('America/New_York')).toBe('New York');
  });
});
