import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordEvents } from '../../../src/core/events/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import {
  createWebhook,
  installWebhooks,
  lastWebhookDeliveries,
  listWebhookDeliveries,
  resolveWebhookHost,
  sendTestWebhook,
  verifyWebhookSignature,
} from '../../../src/core/webhooks/index.ts';
import type { WebhookOptions } from '../../../src/core/webhooks/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers with the given statuses in turn (then the last one). */
async function startReceiver(statuses: number[] = [200]) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      response.end(response.statusCode === 200 ? 'thanks' : 'x'.repeat(5000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let core: TestCore;
let admin: User;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
beforeEach(async () => {
  core = await createTestCore();
  admin = await addUser(core, { email: 'admin@example.org', role: 'admin' });
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await core.close();
});

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

async function emitTicketCreated(number = 7): Promise<string> {
  await recordEvents(core.db, admin.id, [
    {
      type: 'ticket.created',
      subjectId: `ticket-${number}`,
      payload: {
        ticketId: `ticket-${number}`,
        number,
        kind: 'incident',
        requesterId: admin.id,
        groupId: null,
        assigneeId: null,
        priority: 'P3',
        channel: 'portal',
      },
    },
  ]);
  await core.events.dispatchPending();
  const row = await core.db
    .selectFrom('event_outbox')
    .select('id')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function hookTo(url: string, options: WebhookOptions, events: string[] = ['*']) {
  installWebhooks(core, options);
  return createWebhook(core, admin, { url, events: events as ['*'] });
}

describe('installWebhooks', () => {
  it('POSTs a signed event to a local receiver, which verifies it', async () => {
    receiver = await startReceiver();
    const { webhook, secret } = await hookTo(`http://127.0.0.1:${receiver.port}/in`, { allowPrivateNetworks: true });
    const eventId = await emitTicketCreated();
    const now = new Date();
    expect(await core.jobs.runDue(now)).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const headers = delivery!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('Portico-Webhooks/1');
    expect(headers['portico-event']).toBe('ticket.created');
    expect(headers['portico-delivery']).toMatch(/^[a-z0-9]+$/);
    expect(headers['portico-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(
      verifyWebhookSignature(
        secret,
        headers['portico-timestamp'] as string,
        delivery!.body,
        headers['portico-signature'] as string,
        now,
      ),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        'wrong secret....',
        headers['portico-timestamp'] as string,
        delivery!.body,
        headers['portico-signature'] as string,
        now,
      ),
    ).toBe(false);
    expect(JSON.parse(delivery!.body)).toEqual({
      id: eventId,
      type: 'ticket.created',
      createdAt: expect.any(String),
      data: expect.objectContaining({ ticketId: 'ticket-7', number: 7, kind: 'incident' }),
    });

    const log = await listWebhookDeliveries(core, admin, webhook.id);
    expect(log).toEqual([
      expect.objectContaining({
        eventId,
        eventType: 'ticket.created',
        attempt: 1,
        statusCode: 200,
        ok: true,
        error: null,
        responseBody: 'thanks',
      }),
    ]);
  });

  it('skips hooks that are paused or subscribed to other events', async () => {
    receiver = await startReceiver();
    const url = `http://127.0.0.1:${receiver.port}/in`;
    installWebhooks(core, { allowPrivateNetworks: true });
    await createWebhook(core, admin, { url, events: ['ticket.resolved'] });
    await createWebhook(core, admin, { url, events: ['*'], active: false });
    await emitTicketCreated();
    expect(await core.jobs.runDue()).toBe(0);
    expect(receiver.received).toEqual([]);
  });

  it('retries a delivery the receiver failed, with backoff, and logs every attempt', async () => {
    receiver = await startReceiver([500, 200]);
    const { webhook } = await hookTo(`http://127.0.0.1:${receiver.port}/in`, { allowPrivateNetworks: true });
    await emitTicketCreated();
    expect(await core.jobs.runDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    // The retry waits (30 s and up): nothing runs at once.
    expect(await core.jobs.runDue()).toBe(0);
    expect(await core.jobs.runDue(later(5))).toBe(1);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers['portico-delivery']).toBe(receiver.received[0]!.headers['portico-delivery']);
    expect(await core.jobs.runDue(later(120))).toBe(0);

    const log = await listWebhookDeliveries(core, admin, webhook.id);
    expect(log.map((entry) => [entry.attempt, entry.statusCode, entry.ok])).toEqual([
      [2, 200, true],
      [1, 500, false],
    ]);
    expect(log[1]!.error).toBe('The receiver answered HTTP 500.');
    expect((await lastWebhookDeliveries(core, admin)).get(webhook.id)).toMatchObject({ attempt: 2, ok: true });
    expect(log[1]!.responseBody).toHaveLength(1024);
    const job = await core.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'done', attempts: 2, max_attempts: 8 });
  });

  it('does not follow redirects', async () => {
    receiver = await startReceiver([302]);
    const { webhook } = await hookTo(`http://127.0.0.1:${receiver.port}/in`, { allowPrivateNetworks: true });
    await emitTicketCreated();
    await core.jobs.runDue();
    expect(receiver.received).toHaveLength(1);
    const [entry] = await listWebhookDeliveries(core, admin, webhook.id);
    expect(entry).toMatchObject({ statusCode: 302, ok: false, error: 'The receiver answered HTTP 302.' });
  });

  it('sends an event the bus delivers twice only once', async () => {
    receiver = await startReceiver();
    await hookTo(`http://127.0.0.1:${receiver.port}/in`, { allowPrivateNetworks: true });
    const eventId = await emitTicketCreated();
    // As after a crash between delivering and marking: the bus hands the same event over again.
    await core.db.updateTable('event_outbox').set({ dispatched_at: null }).where('id', '=', eventId).execute();
    expect(await core.events.dispatchPending()).toBe(1);
    await core.jobs.runDue();
    await core.jobs.runDue(later(120));
    expect(receiver.received).toHaveLength(1);
  });

  it('connects to the vetted address, not to what DNS says later', async () => {
    receiver = await startReceiver();
    const asked: string[] = [];
    const { webhook } = await hookTo(`http://hooks.example.test:${receiver.port}/in`, {
      allowPrivateNetworks: true,
      lookup: async (hostname) => {
        asked.push(hostname);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    await sendTestWebhook(core, admin, webhook.id);
    await core.jobs.runDue();
    // hooks.example.test does not exist in real DNS: the request got through only via the pinned address.
    expect(asked).toEqual(['hooks.example.test']);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers.host).toBe(`hooks.example.test:${receiver.port}`);
    expect(receiver.received[0]!.headers['portico-event']).toBe('webhook.test');
  });

  it('refuses at send time a name that resolves to a private address, and logs why', async () => {
    const answers: Record<string, string[]> = {
      'rebind.example.org': ['127.0.0.1'],
      'mixed.example.org': ['93.184.216.34', '10.0.0.7'],
      'mapped.example.org': ['::ffff:127.0.0.1'],
    };
    installWebhooks(core, {
      lookup: async (hostname) =>
        (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    });
    for (const host of Object.keys(answers)) {
      const { webhook } = await createWebhook(core, admin, { url: `http://${host}/in`, events: ['*'] });
      await sendTestWebhook(core, admin, webhook.id);
      await core.jobs.runDue();
      const [entry] = await listWebhookDeliveries(core, admin, webhook.id);
      expect(entry).toMatchObject({ statusCode: null, ok: false });
      expect(entry!.error).toContain('Webhooks cannot call private or loopback addresses.');
      expect(entry!.error).toContain(answers[host]!.at(-1));
    }
  });

  it('refuses at send time a stored URL naming localhost that the save-time check never saw', async () => {
    receiver = await startReceiver();
    installWebhooks(core);
    // As if saved before today's rules: the save-time check never saw it.
    await core.db
      .insertInto('webhooks')
      .values({
        id: 'old-hook',
        url: `http://localhost:${receiver.port}/in`,
        events: '["*"]',
        secret: 'an old secret of some length',
        active: 1,
        created_by: null,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    await emitTicketCreated();
    await core.jobs.runDue();
    expect(receiver.received).toEqual([]);
    const [entry] = await listWebhookDeliveries(core, admin, 'old-hook');
    expect(entry!.error).toBe('Webhooks cannot call private or loopback addresses.');
  });

  it('refuses at send time a stored *.localhost URL', async () => {
    receiver = await startReceiver();
    installWebhooks(core);
    await core.db
      .insertInto('webhooks')
      .values({
        id: 'sneaky',
        url: `http://sub.localhost:${receiver.port}/in`,
        events: '["*"]',
        secret: 'an old secret of some length',
        active: 1,
        created_by: null,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    await emitTicketCreated();
    await core.jobs.runDue();
    expect(receiver.received).toEqual([]);
  });

  it('gives up on an attempt that gets no answer within the timeout', async () => {
    const server = http.createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const { webhook } = await hookTo(`http://127.0.0.1:${port}/slow`, { allowPrivateNetworks: true, timeoutMs: 200 });
      await emitTicketCreated();
      await core.jobs.runDue();
      const [entry] = await listWebhookDeliveries(core, admin, webhook.id);
      expect(entry).toMatchObject({ statusCode: null, ok: false, error: 'No answer within 0.2 s.' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('resolveWebhookHost', () => {
  it('refuses the real localhost name as the system resolver answers it', async () => {
    await expect(resolveWebhookHost(new URL('http://localhost:9/'))).rejects.toThrow(
      /^Webhooks cannot call private or loopback addresses\. localhost resolves to .*(127\.0\.0\.1|::1)/,
    );
  });

  it('returns every address of a name when all are public, and refuses when any is not', async () => {
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 as const },
    ];
    expect(await resolveWebhookHost(new URL('https://hooks.example.org/'), { lookup })).toHaveLength(2);
    const withPrivate = async () => [...(await lookup()), { address: 'fd00::1', family: 6 as const }];
    await expect(resolveWebhookHost(new URL('https://hooks.example.org/'), { lookup: withPrivate })).rejects.toThrow(
      'fd00::1',
    );
  });
});
