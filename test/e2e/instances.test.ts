import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox, sessionCookie, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

// Two `portico start` processes on one database (here one SQLite file in one data directory; the same
// holds for one PostgreSQL), as two instances behind a load balancer.
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  first = await startServer();
  second = await startServer({ dataDir: first.dataDir });
}, 300_000);

afterAll(async () => {
  await second?.kill('SIGTERM');
  await first?.stop();
});

async function api(server: TestServer, cookie: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${server.url}/api/v1${route}`, {
    method,
    headers: { cookie, 'content-type': 'application/json', origin: server.url },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> };
}

describe('two instances on one database', () => {
  it('accept a sign-in made on the other', async () => {
    const cookie = await sessionCookie(first.url, first.login('customer'));
    const me = await api(second, cookie, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body['user'].email).toBe(first.login('customer').email);
  });

  it('see a plugin disabled on the other at once', async () => {
    const agent = await sessionCookie(first.url, first.login('agent'));
    const open = (server: TestServer) =>
      fetch(`${server.url}/plugins/recognition`, { headers: { cookie: agent } }).then((response) => response.status);
    expect(await open(second)).toBe(200);
    const admin = await sessionCookie(first.url, first.login('admin'));
    expect((await api(first, admin, 'POST', '/plugins/recognition/disable')).status).toBe(200);
    expect(await open(second)).toBe(404);
    expect((await api(second, admin, 'POST', '/plugins/recognition/enable')).status).toBe(200);
    expect(await open(first)).toBe(200);
  });

  it('deliver each event and run each job once: one notification mail per reply', async () => {
    const customer = await sessionCookie(first.url, first.login('customer'));
    const agent = await sessionCookie(second.url, first.login('agent'));
    const types = (await api(first, customer, 'GET', '/request-types')).body['requestTypes'] as {
      id: string;
      name: string;
    }[];
    const typeId = types.find((type) => /question/i.test(type.name))!.id;
    const numbers: number[] = [];
    for (let index = 0; index < 5; index++) {
      const created = await api(first, customer, 'POST', '/tickets', {
        requestTypeId: typeId,
        subject: `Two instances ${index}`,
        description: 'Which one answers?',
      });
      expect(created.status).toBe(201);
      numbers.push(created.body['ticket'].number as number);
    }
    for (const [index, number] of numbers.entries()) {
      const server = index % 2 === 0 ? first : second;
      expect(
        (await api(server, agent, 'POST', `/tickets/${number}/messages`, { body: `Answer ${number}` })).status,
      ).toBe(201);
    }
    const email = first.login('customer').email;
    const mailsFor = (number: number) =>
      readOutbox(first.dataDir).filter(
        (mail) => mail.includes(`To: ${email}`) && mail.includes(`[PT-${number}]`) && mail.includes(`Answer ${number}`),
      );
    for (let waited = 0; waited < 20_000 && numbers.some((number) => mailsFor(number).length === 0); waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Both instances drain the outbox and the job queue every two seconds; give them time to double up.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(numbers.map((number) => mailsFor(number).length)).toEqual(numbers.map(() => 1));
  });
});
