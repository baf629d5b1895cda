import { boundingBox, haversineKm } from './geo';

describe('geo', () => {
  it('should split a box across the antimeridian into two longitude ranges', () => {
    const box = boundingBox(-16.8, 179.95, 60);
    expect(box.lngRanges).toHaveLength(2);
    const [[westMin, westMax], [eastMin, eastMax]] = box.lngRanges;
    expect(westMax).toBe(180);
    expect(eastMin).toBe(-180);
    expect(westMin).toBeGreaterThan(179);
    expect(eastMax).toBeLessThan(-179);
  });

  it('should widen the longitude range far north and take every longitude near a pole', () => {
    const tromso = boundingBox(69.65, 18.96, 50);
    const [[min, max]] = tromso.lngRanges;
    // 50 km is about 1.3° of longitude at 69.65°N, against 0.45° at the equator.
    expect(max - min).toBeGreaterThan(2.4);
    expect(boundingBox(89.5, 0, 100).lngRanges).toEqual([[-180, 180]]);
  });

  it('should contain every point within the radius (sampled all around)', () => {
    for (const [lat, lng] of [[0, 0], [-16.8, 179.95], [69.65, 18.96], [-45, -179.5]]) {
      const box = boundingBox(lat, lng, 25);
      for (let bearing = 0; bearing < 360; bearing += 15) {
        const d = 24.9 / 6371.0088;
        const b = (bearing * Math.PI) / 180;
        const la1 = (lat * Math.PI) / 180;
        const lo1 = (lng * Math.PI) / 180;
        const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
        let lo2 = lo1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
        lo2 = ((((lo2 * 180) / Math.PI + 540) % 360) - 180);
        const pLat = (la2 * 180) / Math.PI;
        expect(haversineKm(lat, lng, pLat, lo2)).toBeCloseTo(24.9, 3);
        expect(pLat).toBeGreaterThanOrEqual(box.latMin);
        expect(pLat).toBeLessThanOrEqual(box.latMax);
        expect(box.lngRanges.some(([min, max]) => lo2 >= min && lo2 <= max)).toBe(true);
      }
    }
  });

  it('should measure across the antimeridian the short way', () => {
    expect(haversineKm(-16.8, 179.95, -16.85, -179.97)).toBeLessThan(12);
  });
});
