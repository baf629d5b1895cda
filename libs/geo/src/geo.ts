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

/**
 * The place grid of the search slots (ADR 0047): the earth cut into CELL_DEGREES × CELL_DEGREES cells numbered
 * row by row from (−90, −180). A btree on `(cell, start_mow)` reached with `cell = ANY(cells of the box)` reads
 * only the slots of the few cells around the point: the cost of a radius search follows the meetings near it,
 * not the size of the catalogue (a btree led by `lat` reads the whole latitude band, every longitude).
 */
export const CELL_DEGREES = 0.25;
const CELLS_PER_DEGREE = 1 / CELL_DEGREES;
const CELL_COLUMNS = 360 * CELLS_PER_DEGREE;
const CELL_ROWS = 180 * CELLS_PER_DEGREE;
/** More cells than this and the search leaves the grid out (a radius of hundreds of km: the index on time serves). */
export const MAX_SEARCH_CELLS = 1024;

const cellRow = (lat: number): number => Math.min(CELL_ROWS - 1, Math.max(0, Math.floor((lat + 90) * CELLS_PER_DEGREE)));
const cellColumn = (lng: number): number =>
  Math.min(CELL_COLUMNS - 1, Math.max(0, Math.floor((lng + 180) * CELLS_PER_DEGREE)));

/** The grid cell of a point, as `placeCellSql` computes it. */
export function placeCell(lat: number, lng: number): number {
  return cellRow(lat) * CELL_COLUMNS + cellColumn(lng);
}

/** The SQL form of placeCell over two SQL expressions (NULL when either is NULL). */
export function placeCellSql(lat: string, lng: string): string {
  return `(least(${CELL_ROWS - 1}, greatest(0, floor((${lat} + 90) * ${CELLS_PER_DEGREE})))::int * ${CELL_COLUMNS}
      + least(${CELL_COLUMNS - 1}, greatest(0, floor((${lng} + 180) * ${CELLS_PER_DEGREE})))::int)`;
}

/**
 * Every cell that a latitude range and one longitude range of a bounding box touch, or null when there are more
 * than MAX_SEARCH_CELLS (the caller then filters by lat/lng alone).
 */
export function cellsOf(latMin: number, latMax: number, lng: LngRange): number[] | null {
  const [rowMin, rowMax] = [cellRow(latMin), cellRow(latMax)];
  const [columnMin, columnMax] = [cellColumn(lng[0]), cellColumn(lng[1])];
  if ((rowMax - rowMin + 1) * (columnMax - columnMin + 1) > MAX_SEARCH_CELLS) return null;
  const cells: number[] = [];
  for (let row = rowMin; row <= rowMax; row += 1)
    for (let column = columnMin; column <= columnMax; column += 1) cells.push(row * CELL_COLUMNS + column);
  return cells;
}

/**
 * The conditions of a search over a `(cell, start_mow)` index as OR-ed conjunctions, one per longitude range of
 * `box` × minute range, so that each branch is one set of ranges of the index (a BitmapOr of index scans) rather
 * than a scan of every slot in the place filtered by time. `param(value, cast)` adds a bind parameter and returns
 * its placeholder; no box and no ranges gives one empty branch.
 */
export function placeTimeBranches(
  alias: string,
  box: BoundingBox | undefined,
  minuteRanges: readonly (readonly [number, number])[] | null | undefined,
  param: (value: unknown, cast: string) => string,
): string[][] {
  const places: string[][] = [];
  if (box) {
    const lat = `${alias}.lat BETWEEN ${param(box.latMin, '::float8')} AND ${param(box.latMax, '::float8')}`;
    for (const range of box.lngRanges) {
      const cells = cellsOf(box.latMin, box.latMax, range);
      places.push([
        ...(cells ? [`${alias}.cell = ANY(${param(cells, '::int4[]')})`] : []),
        lat,
        `${alias}.lng BETWEEN ${param(range[0], '::float8')} AND ${param(range[1], '::float8')}`,
      ]);
    }
  } else {
    places.push([]);
  }
  const times = minuteRanges
    ? minuteRanges.map(([from, to]) => [
        `${alias}.start_mow BETWEEN ${param(from, '::int2')} AND ${param(to, '::int2')}`,
      ])
    : [[]];
  return places.flatMap((place) => times.map((time) => [...place, ...time]));
}
