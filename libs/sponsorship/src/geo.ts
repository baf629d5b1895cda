/** Geometry for sponsor discovery: approximate points, a bounding box that survives the antimeridian. */

export const EARTH_RADIUS_KM = 6371.0088;

/** Stored locations keep 2 decimals: about 1.1 km of latitude, never a street address. */
export function approximateCoordinate(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  // Avoid storing -0 (it prints as 0 but compares oddly in JSON round trips).
  return rounded === 0 ? 0 : rounded;
}

export type LngRange = readonly [min: number, max: number];

export type BoundingBox = {
  latMin: number;
  latMax: number;
  /** One range, two when the box crosses the antimeridian, none when every longitude qualifies. */
  lngRanges: LngRange[] | null;
};

const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LNG_AT_EQUATOR = 111.32;
/** The box only pre-filters (the exact distance is computed after it), so it may be generous. */
const MARGIN = 1.01;

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/**
 * The lat/lng box that contains every point within `radiusKm` of (lat, lng). Longitudes wrap: a box that
 * crosses ±180° becomes two ranges, so an index on (lat, lng) still serves it.
 */
export function boundingBox(lat: number, lng: number, radiusKm: number): BoundingBox {
  const latDelta = (radiusKm / KM_PER_DEGREE_LAT) * MARGIN;
  const latMin = Math.max(-90, lat - latDelta);
  const latMax = Math.min(90, lat + latDelta);
  if (latMin <= -90 || latMax >= 90) return { latMin, latMax, lngRanges: null };
  // The widest longitude span is at the latitude nearest a pole.
  const widestLat = Math.max(Math.abs(latMin), Math.abs(latMax));
  const lngDelta = (radiusKm / (KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos(radians(widestLat)))) * MARGIN;
  if (lngDelta >= 180) return { latMin, latMax, lngRanges: null };
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

/** Great-circle distance (haversine), the same formula the discovery SQL uses. */
export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = radians(lat2 - lat1);
  const dLng = radians(lng2 - lng1);
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
