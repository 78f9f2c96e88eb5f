import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

function looksLikeStackTrace(body: string): boolean {
  return /\n\s+at\s|node_modules|\.ts:\d+|\.mjs:\d+|Error:\s.*\n/.test(body);
}

describe('sign-in throttling', () => {
  it('answers the 11th failed attempt within 15 minutes with 429', async () => {
    const email = server.login('agent', 1).email;
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      const response = await fetch(`${server.url}/login`, {
        method: 'POST',
        body: form({ email, password: `wrong guess ${attempt}` }),
        headers: { 'X-Forwarded-For': '198.51.100.7' },
        redirect: 'manual',
      });
      statuses.push(response.status);
      if (attempt === 11) {
        expect(await response.text()).toContain('Too many attempts. Wait 15 minutes, then try again.');
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    const stillBlocked = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: form({ email, password: server.login('agent', 1).password }),
      redirect: 'manual',
    });
    expect(stillBlocked.status).toBe(429);
  });
});

describe('cross-site requests', () => {
  it('refuses a cross-origin form post with 403', async () => {
    const customer = server.login('customer');
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      body: form({ email: customer.email, password: customer.password }),
      headers: { Origin: 'https://evil.example' },
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a cookie-authenticated JSON request from another site', async () => {
    const admin = server.login('admin');
    const cookie = await sessionCookie(server.url, admin);
    const body = JSON.stringify({ email: 'mallory@example.org', name: 'Mallory', role: 'admin' });
    for (const headers of [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }]) {
      const response = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        body,
        headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
      });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('forbidden');
    }
    const same = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      body,
      headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: server.url },
    });
    expect(same.status).toBe(201);
  });
});

describe('what a customer can reach', () => {
  it('gets 404 on desk and admin pages, and 403 on admin API calls', async () => {
    const customer = server.login('customer', 1);
    const cookie = await sessionCookie(server.url, customer);
    for (const page of ['/desk', '/admin', '/admin/users', '/admin/groups', '/admin/settings']) {
      const response = await fetch(`${server.url}${page}`, { headers: { Cookie: cookie }, redirect: 'manual' });
      expect(response.status, page).toBe(404);
    }
    const list = await fetch(`${server.url}/api/v1/users`, { headers: { Cookie: cookie } });
    expect(list.status).toBe(403);
    const create = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ email: 'x@example.org', name: 'X', role: 'admin' }),
    });
    expect(create.status).toBe(403);
    expect(await create.json()).toEqual({ error: { code: 'forbidden', message: 'Only administrators can do this.' } });
  });

  it('sends anonymous visitors to sign in, and gives the API 401', async () => {
    const page = await fetch(`${server.url}/desk`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fdesk');
    const api = await fetch(`${server.url}/api/v1/me`);
    expect(api.status).toBe(401);
    expect((await api.json()).error.code).toBe('unauthenticated');
  });
});

describe('error responses', () => {
  it('never contain a stack trace', async () => {
    const admin = server.login('admin');
    const cookie = await sessionCookie(server.url, admin);
    const probes: [string, RequestInit][] = [
      [
        '/api/v1/users',
        { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{"email":' },
      ],
      ['/api/v1/users', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'text/plain' }, body: 'hello' }],
      [
        '/api/v1/users',
        { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '[1,2,3]' },
      ],
      ['/api/v1/users?limit=-5', { headers: { Cookie: cookie } }],
      ['/api/v1/users/does-not-exist', { headers: { Cookie: cookie } }],
      [
        '/api/v1/users/x',
        {
          method: 'PATCH',
          headers: { Cookie: cookie, 'Content-Type': 'application/json' },
          body: '{"role":"emperor"}',
        },
      ],
      ['/api/v1/me', { method: 'DELETE', headers: { Cookie: cookie } }],
      ['/api/v1/me', { headers: { Authorization: 'Bearer pt_forged' } }],
      ['/api/v1/me', { headers: { Authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' } }],
      ['/api/v1/nowhere', {}],
      ['/nowhere', {}],
      ['/login', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: 'garbage' }],
      [
        '/login',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'email=%ZZ&password=%',
        },
      ],
      ['/signup', { method: 'POST', body: form({ email: 'a'.repeat(5000), name: '', password: 'x' }) }],
      ['/reset/not-a-token', { method: 'POST', body: form({ password: 'whatever it is now' }) }],
      ['/account', { headers: { Cookie: 'portico_session=forged' }, redirect: 'manual' }],
    ];
    for (const [target, init] of probes) {
      const response = await fetch(`${server.url}${target}`, init);
      const body = await response.text();
      expect(response.status, `${init.method ?? 'GET'} ${target}`).toBeLessThan(500);
      expect(looksLikeStackTrace(body), `${init.method ?? 'GET'} ${target}: ${body.slice(0, 200)}`).toBe(false);
      if (target.startsWith('/api/')) expect(JSON.parse(body).error.message).toBeTypeOf('string');
    }
  });
});

describe('request size', () => {
  it('refuses a body announced over 25 MiB with 413 before reading it', async () => {
    // Only the headers and a first chunk are sent: the answer must come without the rest of the body.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${server.url}/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(26 * 1024 * 1024) },
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      });
      request.on('error', () => undefined);
      request.write('email=a%40b.org&password=');
    });
    expect(status).toBe(413);
    expect(body).toContain('the most this portal accepts');
    expect(looksLikeStackTrace(body)).toBe(false);
  });
});

describe('response headers', () => {
  it('sets a script policy without unsafe-inline and the other security headers', async () => {
    const response = await fetch(`${server.url}/login`);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });

  it('answers the health check', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
