import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  forwardedClient,
  isTrusted,
  settleForwardedHeaders,
  trustedProxyList,
} from '../../src/server/forwarded-headers.ts';

const loopback = trustedProxyList(['127.0.0.0/8', '::1/128']);
const balancers = trustedProxyList(['10.0.0.0/8', '127.0.0.0/8']);

describe('isTrusted', () => {
  it('matches addresses and ranges of both families, IPv4 peers of dual-stack sockets included', () => {
    expect(isTrusted(loopback, '127.0.0.1')).toBe(true);
    expect(isTrusted(loopback, '::ffff:127.0.0.1')).toBe(true);
    expect(isTrusted(loopback, '::1')).toBe(true);
    expect(isTrusted(loopback, '10.0.0.1')).toBe(false);
    expect(isTrusted(balancers, '10.200.3.4')).toBe(true);
    expect(isTrusted(loopback, 'not an address')).toBe(false);
    expect(isTrusted(trustedProxyList([]), '127.0.0.1')).toBe(false);
  });
});

describe('forwardedClient', () => {
  it('believes nothing a client sends directly', () => {
    expect(forwardedClient(loopback, '203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('takes the address the trusted proxy saw, not what the client claimed before it', () => {
    expect(forwardedClient(loopback, '127.0.0.1', '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('skips every trusted hop from the right', () => {
    expect(forwardedClient(balancers, '127.0.0.1', '198.51.100.1, 203.0.113.9, 10.0.0.7')).toBe('203.0.113.9');
  });

  it('uses the peer when a trusted proxy sends no header, and the left-most hop when every hop is trusted', () => {
    expect(forwardedClient(loopback, '127.0.0.1', undefined)).toBe('127.0.0.1');
    expect(forwardedClient(balancers, '127.0.0.1', '10.0.0.2, 10.0.0.3')).toBe('10.0.0.2');
  });
});

describe('settleForwardedHeaders on a real server', () => {
  let server: http.Server;
  let trusted = loopback;
  let seen: http.IncomingHttpHeaders = {};

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      settleForwardedHeaders(request, trusted);
      seen = request.headers;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function send(headers: Record<string, string>): Promise<http.IncomingHttpHeaders> {
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { headers });
    return seen;
  }

  const spoofed = {
    'X-Forwarded-For': '198.51.100.1, 203.0.113.9',
    'X-Forwarded-Host': 'evil.example',
    'X-Forwarded-Proto': 'https',
    Forwarded: 'for=198.51.100.1',
  };

  it('keeps a trusted proxy’s headers, with X-Forwarded-For settled to one client address', async () => {
    trusted = loopback;
    const headers = await send(spoofed);
    expect(headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(headers['x-forwarded-host']).toBe('evil.example');
  });

  it('drops every forwarded header from a peer that is not a trusted proxy', async () => {
    trusted = trustedProxyList([]);
    const headers = await send(spoofed);
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-forwarded-host']).toBeUndefined();
    expect(headers['x-forwarded-proto']).toBeUndefined();
    expect(headers['forwarded']).toBeUndefined();
  });
});
