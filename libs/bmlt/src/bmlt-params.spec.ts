import { BadRequestException } from '@nestjs/common';
import { listingId, serviceBodyId } from './bmlt-ids';
import { formatsOf } from './bmlt-formats';
import { parseCallback, parseChanges, parseSearch } from './bmlt-params';

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadRequestException)
      return (error.getResponse() as { fields: { field: string }[] }).fields.map((f) => f.field);
    throw error;
  }
  return [];
};

describe('BMLT parameters', () => {
  it('should read weekdays[] and comma lists, shift 1 = Sunday to 0 and split negatives out', () => {
    expect(parseSearch({ 'weekdays[]': ['2', '-7'], weekdays: '3,4' }).weekdays).toEqual({
      include: [2, 3, 1],
      exclude: [6],
    });
  });

  it('should read a negative width as "at least N" and a positive one as km', () => {
    expect(parseSearch({ lat_val: '1', long_val: '2', geo_width: '-5' }).radius).toEqual({
      atLeast: 5,
      unit: 'mi',
    });
    expect(parseSearch({ lat_val: '1', long_val: '2', geo_width: '10' }).radius).toEqual({ km: 16.09344 });
    expect(parseSearch({ lat_val: '1', long_val: '2', geo_width_km: '10' }).radius).toEqual({ km: 10 });
  });

  it('should name every bad parameter at once', () => {
    expect(fieldsOf(() => parseSearch({ weekdays: '0', StartsAfterM: '60', geo_width: '3' }))).toEqual([
      'weekdays',
      'geo_width',
      'StartsAfterM',
    ]);
    expect(fieldsOf(() => parseChanges({ start_date: '2026-13-01' }))).toEqual(['start_date']);
  });

  it('should accept only a plain identifier as a JSONP callback', () => {
    expect(parseCallback({ callback: 'jQuery123_456' })).toBe('jQuery123_456');
    for (const callback of ['a.b', 'x()', 'a[0]', '1a', 'a b'])
      expect(fieldsOf(() => parseCallback({ callback }))).toEqual(['callback']);
  });
});

describe('BMLT ids and formats', () => {
  it('should derive a listing id below 2^53 from the UUID and the weekday', () => {
    const id = listingId('ffffffff-ffff-4fff-bfff-ffffffffffff', 6);
    expect(Number.isSafeInteger(id)).toBe(true);
    expect(id % 8).toBe(7);
    expect(listingId('00000000-0001-4000-8000-000000000000', 0)).toBe(8 + 1);
  });

  it('should give a region path the same id whatever its case, and the root 1', () => {
    expect(serviceBodyId(['England', 'London'])).toBe(serviceBodyId([' england', 'LONDON ']));
    expect(serviceBodyId(['England'])).not.toBe(serviceBodyId(['England', 'London']));
    expect(serviceBodyId([])).toBe(1);
  });

  it('should map NA and Meeting Guide codes, attendance and status to BMLT formats', () => {
    const keys = (m: Parameters<typeof formatsOf>[0]) => formatsOf(m).map((f) => f.key);
    expect(
      keys({ types: ['O', 'x'], attendance: 'hybrid', status: 'temporarily_closed', languages: ['es-MX'] }),
    ).toEqual(['ES', 'O', 'WC', 'TC', 'HY']);
    expect(
      keys({ types: ['CLOSED', 'SMOK'], attendance: 'online', status: 'active', languages: [] }),
    ).toEqual(['C', 'VM']);
  });
});
