import { approximateCoordinate } from './geo';

describe('sponsor locations', () => {
  it('should round a location to 2 decimals (about 1 km)', () => {
    expect(approximateCoordinate(40.712776)).toBe(40.71);
    expect(approximateCoordinate(-73.935242)).toBe(-73.94);
    expect(approximateCoordinate(-0.001)).toBe(0);
    expect(Object.is(approximateCoordinate(-0.001), -0)).toBe(false);
  });
});
