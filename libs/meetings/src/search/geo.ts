import { MAX_DISTANCE_KM } from '@homegroup/geo';

/** Radii the "N nearest" search tries in turn (km), each an indexed box; the last one is the whole earth. */
export const NEAREST_RADII_KM = [5, 15, 40, 100, 250, 600, 1500, 4000, 10_000, MAX_DISTANCE_KM + 1];
