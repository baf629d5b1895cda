import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses an outbound request (a push, ADR 0030; a meeting source's feed, ADR 0043) must never reach: this host, the private networks it may sit in, link-local
 * (cloud metadata at 169.254.169.254 / fd00:ec2::254), carrier-grade NAT, documentation, benchmarking, multicast
 * and reserved ranges. IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (an IPv4 or IPv6 literal) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]);
    if (/^::ffff:/i.test(address)) return false;
    return !NOT_PUBLIC.check(address, 'ipv6');
  }
  return !NOT_PUBLIC.check(address, 'ipv4');
}

/** Whether `host` (a URL's hostname, brackets removed) is allowed by a list of host names and `*.suffix` patterns. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
  });
}

/** The guarded lookup refused a host: it resolves (or is) an address that is not public. */
export class OutboundAddressRefused extends Error {}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http(s).request that resolves the host *at connect time* and refuses when any of its addresses is
 * not public, so a host name that resolves (or is re-pointed, DNS rebinding) to an inside address is never
 * connected to. `allowPrivate` (tests, whose fake servers listen on 127.0.0.1) skips the check. Node does not call
 * a lookup for an IP literal: check those with `isPublicAddress` before the request (`refuseLiteral`).
 */
export function guardedLookup(
  allowPrivate: boolean,
  refused: () => Error = () => new OutboundAddressRefused('the host does not resolve to public addresses'),
) {
  return (hostname: string, options: LookupAllOptions | number | object, callback: LookupCallback): void => {
    const opts = (typeof options === 'object' ? options : {}) as { all?: boolean; family?: number };
    dnsLookup(hostname, { all: true, family: opts.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!allowPrivate && (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address)))) {
        return callback(refused(), []);
      }
      if (opts.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Whether a URL's host is an IP literal that is not public (the lookup is never asked about literals). */
export function refuseLiteral(host: string, allowPrivate: boolean): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 && !allowPrivate && !isPublicAddress(bare);
}
