import dns from 'node:dns/promises';
import net from 'node:net';
import { PorticoError } from '../errors.ts';
import { isForbiddenAddress } from './address-policy.ts';

/** One address a host name resolves to, as `dns.lookup(name, { all: true })` gives them. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has; tests inject their own to simulate DNS. */
export type WebhookLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: WebhookLookup = async (hostname) => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/**
 * What a refused webhook URL is told (tests and API clients pin it).
 * @example
 * expect(error.message).toBe(webhookRefusedMessage);
 */
export const refusedMessage = 'Webhooks cannot call private or loopback addresses.';
const refusedHint = 'Use a public https:// URL on the internet.';

function refused(): PorticoError {
  return new PorticoError('invalid_input', refusedMessage, {
    hint: refusedHint,
    details: { fields: { url: refusedMessage } },
  });
}

/** The URL's host without brackets or a trailing dot, lower-cased (URL has already decoded 0x7f.1 and friends). */
function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/**
 * Checks a webhook URL when it is saved: http(s) only, no credentials in it, and no host that is an
 * IP literal (in any spelling the URL parser accepts) outside the public internet, nor `localhost`.
 * Names are checked again, resolved, at send time.
 * @example
 * assertWebhookUrlAllowed('http://0x7f.1/'); // throws: "Webhooks cannot call private or loopback addresses."
 */
export function assertWebhookUrlAllowed(text: string, allowPrivateNetworks = false): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PorticoError('invalid_input', 'Enter a URL starting with https:// or http://.', {
      details: { fields: { url: 'Enter a URL starting with https:// or http://.' } },
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PorticoError('invalid_input', 'Enter a URL starting with https:// or http://.', {
      details: { fields: { url: 'Enter a URL starting with https:// or http://.' } },
    });
  }
  if (url.username || url.password) {
    const message = 'Leave user names and passwords out of the URL; verify deliveries with the signature instead.';
    throw new PorticoError('invalid_input', message, { details: { fields: { url: message } } });
  }
  if (allowPrivateNetworks) return url;
  const host = hostOf(url);
  if (net.isIP(host) !== 0 ? isForbiddenAddress(host) : host === 'localhost' || host.endsWith('.localhost')) {
    throw refused();
  }
  return url;
}

/**
 * Resolves a URL's host at send time and vets EVERY address it has; the request must then connect to
 * these addresses only (see pinnedLookup), so DNS rebinding between check and connect cannot slip in.
 * Rejects when any address is forbidden (unless allowPrivateNetworks) or the name has none.
 * @example
 * const addresses = await resolveWebhookHost(new URL('https://hooks.example.org/in'));
 */
export async function resolveWebhookHost(
  url: URL,
  options: { lookup?: WebhookLookup; allowPrivateNetworks?: boolean } = {},
): Promise<ResolvedAddress[]> {
  const lookup = options.lookup ?? systemLookup;
  const host = hostOf(url);
  const literal = net.isIP(host);
  const addresses: ResolvedAddress[] =
    literal !== 0 ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await lookup(host);
  if (addresses.length === 0) throw new Error(`${host} has no addresses.`);
  if (!options.allowPrivateNetworks && addresses.some((entry) => isForbiddenAddress(entry.address))) {
    throw new Error(`${refusedMessage} ${host} resolves to ${addresses.map((entry) => entry.address).join(', ')}.`);
  }
  return addresses;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | ResolvedAddress[],
  family?: number,
) => void;

/** A `lookup` for node's http(s).request that answers only with the vetted addresses, never asking DNS again. */
export function pinnedLookup(addresses: ResolvedAddress[]) {
  return (_hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}
