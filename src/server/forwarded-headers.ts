import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4 } from 'node:net';

const forwardedHeaders = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'];

/** The peers whose forwarded headers are believed, from the configuration's CIDR ranges. */
export function trustedProxyList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address = '', bits = ''] = range.split('/');
    list.addSubnet(address, Number(bits), isIPv4(address) ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`; ranges are written for the plain form. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

export function isTrusted(trusted: BlockList, address: string): boolean {
  const plain = plainAddress(address);
  try {
    return trusted.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/**
 * The client behind a chain of proxies: X-Forwarded-For read from the right, skipping the proxies we
 * trust, so the first address no trusted proxy vouches for is the client's. The left-most entries are
 * whatever the client chose to send and are never believed on their own.
 */
export function forwardedClient(trusted: BlockList, peer: string, forwardedFor: string | undefined): string {
  if (!isTrusted(trusted, peer) || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? peer;
}

/**
 * Rewrites a request's forwarded headers before Astro reads them: from an untrusted peer they are
 * dropped (a client cannot choose its own address, host or scheme), from a trusted proxy
 * X-Forwarded-For becomes the one resolved client address.
 */
export function settleForwardedHeaders(request: IncomingMessage, trusted: BlockList): void {
  const peer = request.socket.remoteAddress ?? '';
  if (!isTrusted(trusted, peer)) {
    for (const name of forwardedHeaders) delete request.headers[name];
    return;
  }
  const forwardedFor = request.headers['x-forwarded-for'];
  const chain = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (chain) request.headers['x-forwarded-for'] = forwardedClient(trusted, peer, chain);
}
