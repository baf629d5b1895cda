/** Sponsor locations are kept approximate; the geometry of discovery is @homegroup/geo's. */

/** Stored locations keep 2 decimals: about 1.1 km of latitude, never a street address. */
export function approximateCoordinate(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  // Avoid storing -0 (it prints as 0 but compares oddly in JSON round trips).
  return rounded === 0 ? 0 : rounded;
}
