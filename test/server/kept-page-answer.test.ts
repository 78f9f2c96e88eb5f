import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicContentVersion } from '../../src/core/public-content/index.ts';
import { updateSettings } from '../../src/core/settings/index.ts';
import { keptPageAnswer } from '../../src/server/kept-page-answer.ts';
import { createPageCache } from '../../src/server/page-cache.ts';
import { createKbWorld } from '../core/kb/fixtures.ts';
import type { KbWorld } from '../core/kb/fixtures.ts';

let world: KbWorld;
let server: http.Server;
let origin: string;
let reuses: number;
const pages = createPageCache({ maxBytes: 1_000_000, maxAgeMs: 60_000 });

/** Keeps `/kb/kept` under the current version, as the middleware would after rendering it. */
async function keep(): Promise<void> {
  pages.keep('/kb/kept', {
    status: 200,
    headers: [['content-type', 'text/html']],
    body: new TextEncoder().encode('<p>kept café</p>'),
    version: await publicContentVersion(world.core),
    onReuse: () => reuses++,
  });
}

beforeEach(async () => {
  world = await createKbWorld();
  reuses = 0;
  const answer = keptPageAnswer(pages, () => world.core);
  // What Astro's pipeline would do with whatever the early answer leaves to it.
  const render = (response: http.ServerResponse) => response.writeHead(200, { 'x-rendered': 'yes' }).end('rendered');
  server = http.createServer((request, response) => {
    const answering = answer(request, response);
    if (!answering) render(response);
    else void answering.then((answered) => answered || render(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await keep();
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await world.core.close();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function ask(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}${path}`, { method: options.method ?? 'GET', headers: options.headers });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('keptPageAnswer', () => {
  it('answers a kept page with its body, the headers every answer gets, and a view counted', async () => {
    const answer = await ask('/kb/kept');
    expect(answer.body).toBe('<p>kept café</p>');
    expect(answer.headers['x-rendered']).toBeUndefined();
    expect(answer.headers['x-portico-cache']).toBe('hit');
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength('<p>kept café</p>')));
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['strict-transport-security']).toBeUndefined();
    expect(answer.headers['x-request-id']).toMatch(/^[\w-]{36}$/);
    expect(reuses).toBe(1);
    expect((await ask('/kb/./kept')).headers['x-portico-cache']).toBe('hit');
  });

  it('keeps a sane request id a proxy offered and replaces any other', async () => {
    const offered = await ask('/kb/kept', { headers: { 'x-request-id': 'proxy-request-0001' } });
    expect(offered.headers['x-request-id']).toBe('proxy-request-0001');
    const refused = await ask('/kb/kept', { headers: { 'x-request-id': 'no spaces allowed' } });
    expect(refused.headers['x-request-id']).not.toBe('no spaces allowed');
  });

  it('leaves to the pipeline what it cannot tell is an anonymous reader asking for a kept page', async () => {
    const rendered = async (path: string, options: { method?: string; headers?: Record<string, string> } = {}) =>
      (await ask(path, options)).headers['x-rendered'] === 'yes';
    expect(await rendered('/kb/kept?q=1')).toBe(true);
    expect(await rendered('/kb/other')).toBe(true);
    expect(await rendered('/kb/kept', { method: 'HEAD' })).toBe(true);
    expect(await rendered('/kb/kept', { method: 'POST' })).toBe(true);
    expect(await rendered('/kb/kept', { headers: { 'content-length': '0' } })).toBe(true);
    expect(await rendered('/kb/kept', { headers: { cookie: 'portico_session=abc' } })).toBe(true);
    expect(await rendered('/kb/kept', { headers: { cookie: `theme=dark; portico_reader=${'a'.repeat(52)}` } })).toBe(
      true,
    );
    expect(await rendered('/kb/kept', { headers: { cookie: 'theme=dark' } })).toBe(false);
    expect(reuses).toBe(1);
  });

  it('stops answering once the public content changes, and forgets the stale page', async () => {
    expect((await ask('/kb/kept')).headers['x-portico-cache']).toBe('hit');
    await updateSettings(world.core, world.admin, { organisationName: 'Renamed Org' });
    const after = await ask('/kb/kept');
    expect(after.headers['x-rendered']).toBe('yes');
    expect(pages.holds('/kb/kept')).toBe(false);
    await keep();
    expect((await ask('/kb/kept')).headers['x-portico-cache']).toBe('hit');
  });
});
