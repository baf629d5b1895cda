import { guardedLookup as publicOnlyLookup } from '@homegroup/operations';

export { hostAllowed, isPublicAddress } from '@homegroup/operations';

/** A push endpoint that resolves to an address that is not public (ADR 0030). */
export class PushEndpointRefused extends Error {}

/** The shared guarded lookup (libs/operations, outbound-address-guard.ts), refusing with PushEndpointRefused. */
export function guardedLookup(allowPrivate: boolean): ReturnType<typeof publicOnlyLookup> {
  return publicOnlyLookup(allowPrivate, () => new PushEndpointRefused('push endpoint does not resolve to public addresses'));
}
