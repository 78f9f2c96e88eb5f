import { expect } from 'vitest';
import { runCli, sessionCookie, startServer } from '../../e2e/helpers/server.ts';
import type { TestServer } from '../../e2e/helpers/server.ts';

/** Who asks: the matrix's columns. */
export const personas = [
  'anonymous',
  'customer',
  'otherCustomer',
  'sameOrgCustomer',
  'outsideAgent',
  'agent',
  'admin',
] as const;
export type Persona = (typeof personas)[number];

export interface World {
  server: TestServer;
  cookies: Record<Persona, string>;
  /** A JSON (or form) call with the persona's session cookie and the portal's own Origin. */
  api(persona: Persona, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A page or form request with the persona's cookie; redirects are not followed. */
  page(persona: Persona, path: string, init?: RequestInit): Promise<Response>;
}

export const outsideAgent = { email: 'outside.agent@portico.example', password: 'a long outside passphrase 42' };

/**
 * A demo portal with one more agent who is in no group, and a session for every persona: customer is
 * Casey (Northwind), sameOrgCustomer Noor (Northwind, which does not share requests), otherCustomer Olu
 * (Contoso).
 */
export async function createWorld(): Promise<World> {
  const server = await startServer();
  const created = await runCli(
    [
      'user',
      'create',
      '--email',
      outsideAgent.email,
      '--name',
      'Outside Agent',
      '--role',
      'agent',
      '--password',
      outsideAgent.password,
    ],
    { PORTICO_DATA_DIR: server.dataDir },
  );
  expect(created.code, created.stderr).toBe(0);
  const logins: Record<Exclude<Persona, 'anonymous'>, { email: string; password: string }> = {
    customer: server.login('customer', 0),
    sameOrgCustomer: server.login('customer', 1),
    otherCustomer: server.login('customer', 2),
    outsideAgent,
    agent: server.login('agent', 0),
    admin: server.login('admin'),
  };
  const cookies = { anonymous: '' } as Record<Persona, string>;
  for (const [persona, login] of Object.entries(logins)) {
    cookies[persona as Persona] = await sessionCookie(server.url, login);
  }
  const page: World['page'] = (persona, path, init = {}) =>
    fetch(`${server.url}${path}`, {
      redirect: 'manual',
      ...init,
      headers: {
        ...(cookies[persona] && { Cookie: cookies[persona] }),
        ...(init.method && init.method !== 'GET' && { Origin: server.url }),
        ...(init.headers as Record<string, string>),
      },
    });
  const api: World['api'] = async (persona, method, path, body) => {
    const isForm = body instanceof FormData || body instanceof URLSearchParams;
    const response = await fetch(`${server.url}${path.startsWith('/') ? '' : '/api/v1/'}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookies[persona] && { Cookie: cookies[persona] }),
        Origin: server.url,
        ...(body !== undefined && !isForm && { 'Content-Type': 'application/json' }),
      },
      ...(body !== undefined && { body: isForm ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // pages answer HTML
    }
    return { status: response.status, body: parsed };
  };
  return { server, cookies, api, page };
}

/** Retries until check passes (the outbox worker delivers events every couple of seconds). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let waited = 0; waited < 20_000; waited += 400) {
    const found = await check();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every href in a page's HTML that matches the pattern (first capture group). */
export function linksIn(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(new RegExp(pattern.source, 'g'))].map((match) => match[1]!);
}
