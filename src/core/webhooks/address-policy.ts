import net from 'node:net';

/**
 * Which IP addresses a webhook may never reach: everything that is not the public internet. IPv6 forms
 * that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by the address inside,
 * so `::ffff:127.0.0.1` is loopback however it is written.
 */

type Range = readonly [base: bigint, prefix: number];

const v4 = (text: string, prefix: number): Range => [BigInt(ipv4ToNumber(text)!), prefix];

const forbiddenV4: Range[] = [
  v4('0.0.0.0', 8), // "this network", including the unspecified 0.0.0.0
  v4('10.0.0.0', 8),
  v4('100.64.0.0', 10), // carrier-grade NAT
  v4('127.0.0.0', 8),
  v4('169.254.0.0', 16), // link-local, cloud metadata (169.254.169.254)
  v4('172.16.0.0', 12),
  v4('192.0.0.0', 24), // IETF protocol assignments
  v4('192.0.2.0', 24), // documentation
  v4('192.88.99.0', 24), // 6to4 relay anycast
  v4('192.168.0.0', 16),
  v4('198.18.0.0', 15), // benchmarking
  v4('198.51.100.0', 24),
  v4('203.0.113.0', 24),
  v4('224.0.0.0', 4), // multicast
  v4('240.0.0.0', 4), // reserved, including the broadcast 255.255.255.255
];

const v6 = (text: string, prefix: number): Range => [ipv6ToBigInt(text)!, prefix];

const forbiddenV6: Range[] = [
  v6('::', 96), // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  v6('64:ff9b:1::', 48), // local-use NAT64
  v6('100::', 64), // discard
  v6('2001:db8::', 32), // documentation
  v6('fc00::', 7), // unique-local
  v6('fe80::', 10), // link-local
  v6('fec0::', 10), // site-local (deprecated)
  v6('ff00::', 8), // multicast
];

/** IPv6 prefixes whose addresses carry an IPv4 address in their last 32 bits. */
const embedsV4InLow32: Range[] = [v6('::ffff:0:0', 96), v6('::ffff:0:0:0', 96), v6('64:ff9b::', 96)];

function inRange(value: bigint, bits: number, [base, prefix]: Range): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === base >> shift;
}

/** Dotted-decimal IPv4 to a number; undefined for anything else. */
export function ipv4ToNumber(text: string): number | undefined {
  if (!net.isIPv4(text)) return undefined;
  return text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

/** An IPv6 address (zone and brackets allowed, dotted IPv4 tail allowed) as a 128-bit number. */
export function ipv6ToBigInt(input: string): bigint | undefined {
  const text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!net.isIPv6(text)) return undefined;
  let groups = text;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const value = ipv4ToNumber(tail[1]!)!;
    groups = `${text.slice(0, tail.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = groups.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - left.length - right.length;
  const all = [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right];
  return all.reduce((sum, group) => (sum << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function forbiddenV4Number(value: number): boolean {
  return forbiddenV4.some((range) => inRange(BigInt(value), 32, range));
}

function forbiddenV6Number(value: bigint): boolean {
  if (embedsV4InLow32.some((range) => inRange(value, 128, range))) {
    return forbiddenV4Number(Number(value & 0xffffffffn));
  }
  // 6to4 (2002:AABB:CCDD::/48) carries the IPv4 address in bits 16–48.
  if (inRange(value, 128, v6('2002::', 16))) return forbiddenV4Number(Number((value >> 80n) & 0xffffffffn));
  // Teredo (2001:0::/32) carries the client's IPv4 address inverted in its last 32 bits.
  if (inRange(value, 128, v6('2001::', 32))) return forbiddenV4Number(Number(~value & 0xffffffffn));
  return forbiddenV6.some((range) => inRange(value, 128, range));
}

/**
 * Whether an IP address (v4 dotted, or v6 in any spelling) is one webhooks must not call: loopback,
 * private, link-local, CGNAT, unique-local, unspecified, multicast, broadcast, reserved, or an IPv6 form
 * that embeds such an IPv4 address. Anything that is not an IP address at all counts as forbidden.
 * @example
 * isForbiddenAddress('::ffff:7f00:1'); // true: 127.0.0.1 in IPv4-mapped IPv6
 * isForbiddenAddress('93.184.216.34'); // false
 */
export function isForbiddenAddress(address: string): boolean {
  const four = ipv4ToNumber(address);
  if (four !== undefined) return forbiddenV4Number(four);
  const six = ipv6ToBigInt(address);
  if (six !== undefined) return forbiddenV6Number(six);
  return true;
}
