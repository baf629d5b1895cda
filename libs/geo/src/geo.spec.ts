import { boundingBox, cellsOf, haversineKm, haversineSql, MAX_SEARCH_CELLS, placeCell } from './geo';

describe('geometry on latitude and longitude (sponsor discovery, meeting search)', () => {
  it('should split the longitude range in two across the antimeridian', () => {
    const east = boundingBox(-17.8, 179.9, 50);
    expect(east.lngRanges).toHaveLength(2);
    const [first, second] = east.lngRanges;
    expect(first[1]).toBe(180);
    expect(first[0]).toBeGreaterThan(179);
    expect(second[0]).toBe(-180);
    expect(second[1]).toBeLessThan(-179);
    const west = boundingBox(-17.8, -179.9, 50);
    expect(west.lngRanges.map((r) => r.map(Math.sign))).toEqual([
      [1, 1],
      [-1, -1],
    ]);
  });

  it('should keep one range away from the antimeridian and every longitude near a pole', () => {
    const nyc = boundingBox(40.71, -73.94, 25);
    expect(nyc.lngRanges).toHaveLength(1);
    expect(nyc.latMin).toBeLessThan(40.71 - 0.2);
    expect(boundingBox(89.9, 10, 50).lngRanges).toEqual([[-180, 180]]);
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
        const inRange = box.lngRanges.some(([min, max]) => pLng >= min && pLng <= max);
        expect(inRange).toBe(true);
      }
    }
  });

  it('should measure about 21 km across the antimeridian in Fiji, not 40,000', () => {
    expect(haversineKm(-17.8, 179.9, -17.8, -179.9)).toBeCloseTo(21.2, 0);
  });
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
    for (const [lat, lng] of [
      [0, 0],
      [-16.8, 179.95],
      [69.65, 18.96],
      [-45, -179.5],
    ]) {
      const box = boundingBox(lat, lng, 25);
      for (let bearing = 0; bearing < 360; bearing += 15) {
        const d = 24.9 / 6371.0088;
        const b = (bearing * Math.PI) / 180;
        const la1 = (lat * Math.PI) / 180;
        const lo1 = (lng * Math.PI) / 180;
        const la2 = Math.asin(Math.sin(la1) * Math.cos(d) + Math.cos(la1) * Math.sin(d) * Math.cos(b));
        let lo2 =
          lo1 +
          Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la1), Math.cos(d) - Math.sin(la1) * Math.sin(la2));
        lo2 = (((lo2 * 180) / Math.PI + 540) % 360) - 180;
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
  it('should give the SQL distance for a table alias and two parameters', () => {
    const sql = haversineSql('m', '$1', '$2');
    expect(sql).toContain('radians(m.lat - $1)');
    expect(sql).toContain('radians(m.lng - $2)');
  });

  it('should find every sampled point of a box in the cells the box touches (search grid, ADR 0047)', () => {
    for (const [lat, lng, radius] of [
      [40.71, -73.94, 25],
      [-17.8, 179.9, 50],
      [64.1, -21.9, 80],
      [0, 0, 1],
      [51.5, -0.12, 200],
    ]) {
      const box = boundingBox(lat, lng, radius);
      const cells = new Set(box.lngRanges.flatMap((range) => cellsOf(box.latMin, box.latMax, range) ?? []));
      for (let i = 0; i <= 20; i += 1)
        for (const range of box.lngRanges)
          for (let j = 0; j <= 20; j += 1) {
            const pLat = box.latMin + ((box.latMax - box.latMin) * i) / 20;
            const pLng = range[0] + ((range[1] - range[0]) * j) / 20;
            expect(cells.has(placeCell(pLat, pLng))).toBe(true);
          }
      // A 25 km box touches a handful of cells, not a latitude band.
      if (radius === 25) expect(cells.size).toBeLessThanOrEqual(9);
    }
    expect(placeCell(-90, -180)).toBe(0);
    expect(placeCell(90, 180)).toBe(720 * 1440 - 1);
    expect(placeCell(0.2499, 0)).not.toBe(placeCell(0.25, 0));
  });

  it('should give up the grid for a box of more than MAX_SEARCH_CELLS cells', () => {
    const box = boundingBox(10, 10, 2000);
    expect(cellsOf(box.latMin, box.latMax, box.lngRanges[0])).toBeNull();
    const small = boundingBox(10, 10, 100);
    expect(cellsOf(small.latMin, small.latMax, small.lngRanges[0])!.length).toBeLessThan(MAX_SEARCH_CELLS);
  });
});
