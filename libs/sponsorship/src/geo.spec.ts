import { approximateCoordinate, boundingBox, haversineKm } from './geo';

describe('sponsor discovery geometry', () => {
  it('should round a location to 2 decimals (about 1 km)', () => {
    expect(approximateCoordinate(40.712776)).toBe(40.71);
    expect(approximateCoordinate(-73.935242)).toBe(-73.94);
    expect(approximateCoordinate(-0.001)).toBe(0);
    expect(Object.is(approximateCoordinate(-0.001), -0)).toBe(false);
  });

  it('should split the longitude range in two across the antimeridian', () => {
    const east = boundingBox(-17.8, 179.9, 50);
    expect(east.lngRanges).toHaveLength(2);
    const [first, second] = east.lngRanges ?? [];
    expect(first[1]).toBe(180);
    expect(first[0]).toBeGreaterThan(179);
    expect(second[0]).toBe(-180);
    expect(second[1]).toBeLessThan(-179);
    const west = boundingBox(-17.8, -179.9, 50);
    expect(west.lngRanges?.map((r) => r.map(Math.sign))).toEqual([
      [1, 1],
      [-1, -1],
    ]);
  });

  it('should keep one range away from the antimeridian and every longitude near a pole', () => {
    const nyc = boundingBox(40.71, -73.94, 25);
    expect(nyc.lngRanges).toHaveLength(1);
    expect(nyc.latMin).toBeLessThan(40.71 - 0.2);
    expect(boundingBox(89.9, 10, 50).lngRanges).toBeNull();
  });

  it('should contain every point within the radius (sampled around the circle)', () => {
    for (const [lat, lng] of [
      [-17.8, 179.9],
      [64.1, -21.9],
      [0, 0],
      [-45.9, 170.5],
    ]) {
      const radius = 200;
      const box = boundingBox(lat, lng, radius);
      for (let bearing = 0; bearing < 360; bearing += 15) {
        // A point ~radius km away along the bearing (small-distance approximation, then checked exactly).
        const b = (bearing * Math.PI) / 180;
        const pLat = lat + ((radius * 0.999) / 110.574) * Math.cos(b);
        let pLng = lng + ((radius * 0.999) / (111.32 * Math.cos((pLat * Math.PI) / 180))) * Math.sin(b);
        if (pLng > 180) pLng -= 360;
        if (pLng < -180) pLng += 360;
        if (haversineKm(lat, lng, pLat, pLng) > radius) continue;
        expect(pLat).toBeGreaterThanOrEqual(box.latMin);
        expect(pLat).toBeLessThanOrEqual(box.latMax);
        const inRange = (box.lngRanges ?? [[-180, 180]]).some(([min, max]) => pLng >= min && pLng <= max);
        expect(inRange).toBe(true);
      }
    }
  });

  it('should measure about 21 km across the antimeridian in Fiji, not 40,000', () => {
    expect(haversineKm(-17.8, 179.9, -17.8, -179.9)).toBeCloseTo(21.2, 0);
  });
});
