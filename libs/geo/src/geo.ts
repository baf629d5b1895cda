/**
 * Geometry on plain latitude/longitude columns (no PostGIS in the embedded PostgreSQL), for sponsor discovery
 * and the meeting search: a bounding box that survives the antimeridian and the poles, so a btree on
 * (lat, lng, …) serves it, and the great-circle distance, in JavaScript and as the SQL that computes the same.
 */

export const EARTH_RADIUS_KM = 6371.0088;
/** Half the earth's circumference: no two points are further apart. */
export const MAX_DISTANCE_KM = Math.PI * EARTH_RADIUS_KM;

export type LngRange = readonly [min: number, max: number];

export type BoundingBox = {
  latMin: number;
  latMax: number;
  /** One range, two when the box crosses ±180°, the whole circle [-180, 180] near a pole. */
  lngRanges: LngRange[];
};

const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LNG_AT_EQUATOR = 111.32;
/** The box only pre-filters (the exact distance decides), so it is a little generous. */
const MARGIN = 1.01;
const EVERY_LONGITUDE: LngRange[] = [[-180, 180]];

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/**
 * The lat/lng box holding every point within `radiusKm` of (lat, lng). A box that crosses the
 * antimeridian becomes two longitude ranges (two index scans); a box that reaches a pole takes every longitude.
 */
export function boundingBox(lat: number, lng: number, radiusKm: number): BoundingBox {
  const latDelta = (radiusKm / KM_PER_DEGREE_LAT) * MARGIN;
  const latMin = Math.max(-90, lat - latDelta);
  const latMax = Math.min(90, lat + latDelta);
  if (latMin <= -90 || latMax >= 90) return { latMin, latMax, lngRanges: EVERY_LONGITUDE };
  // The widest longitude span is at the box's latitude nearest a pole.
  const widestLat = Math.max(Math.abs(latMin), Math.abs(latMax));
  const lngDelta = (radiusKm / (KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos(radians(widestLat)))) * MARGIN;
  if (lngDelta >= 180) return { latMin, latMax, lngRanges: EVERY_LONGITUDE };
  const lngMin = lng - lngDelta;
  const lngMax = lng + lngDelta;
  if (lngMin < -180)
    return {
      latMin,
      latMax,
      lngRanges: [
        [lngMin + 360, 180],
        [-180, lngMax],
      ],
    };
  if (lngMax > 180)
    return {
      latMin,
      latMax,
      lngRanges: [
        [lngMin, 180],
        [-180, lngMax - 360],
      ],
    };
  return { latMin, latMax, lngRanges: [[lngMin, lngMax]] };
}

/** Great-circle distance (haversine), as `haversineSql` computes it. */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = radians(lat2 - lat1);
  const dLng = radians(lng2 - lng1);
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The SQL form of haversineKm from the columns `lat`, `lng` of `alias` to the point (`lat`, `lng`: SQL expressions). */
export function haversineSql(alias: string, lat: string, lng: string): string {
  return `(2 * ${EARTH_RADIUS_KM} * asin(least(1.0::float8, sqrt(
      power(sin(radians(${alias}.lat - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(${alias}.lat)) * power(sin(radians(${alias}.lng - ${lng}) / 2), 2)))))`;
}
