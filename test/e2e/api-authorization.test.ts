import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOperations } from '../../src/server/api-routes.ts';
import { runCli, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;
const tokens: Record<'customer' | 'agent', string> = { customer: '', agent: '' };

beforeAll(async () => {
  server = await startServer();
  for (const role of ['customer', 'agent'] as const) {
    const result = await runCli(['token', 'create', '--email', server.login(role).email, '--label', 'sweep'], {
      PORTICO_DATA_DIR: server.dataDir,
    });
    expect(result.code, result.stderr).toBe(0);
    tokens[role] = result.stdout.trim().split('\n').at(-1)!;
  }
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

async function call(method: string, template: string, token?: string): Promise<number> {
  const path = template.replace(/\{[^}]+\}/g, 'unknown-id');
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: method.toUpperCase(),
    headers: {
      ...(token && { Authorization: `Bearer ${token}` }),
      ...(method !== 'get' && method !== 'delete' && { 'Content-Type': 'application/json' }),
    },
    ...(method !== 'get' && method !== 'delete' && { body: '{}' }),
  });
  await response.body?.cancel();
  return response.status;
}

// Every operation of the OpenAPI table, called by someone its audience excludes: the answer is always a
// refusal (401 without credentials; 403, or 404 where a resource's existence must not leak), never a 422
// that would mean the body was looked at first, and never a 2xx or 500.
describe('the REST API refuses callers outside each operation’s audience', () => {
  const guarded = apiOperations.filter((operation) => operation.audience !== 'public');

  it.each(guarded.map((operation) => [operation.method, operation.path, operation.audience] as const))(
    '%s %s (%s)',
    async (method, path, audience) => {
      expect(await call(method, path), 'anonymous').toBe(401);
      if (audience === 'staff' || audience === 'admin') {
        expect([403, 404], 'customer').toContain(await call(method, path, tokens.customer));
      }
      if (audience === 'admin') {
        expect([403, 404], 'agent').toContain(await call(method, path, tokens.agent));
      }
    },
  );
});
