import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  sendTestWebhook,
  updateWebhook,
} from '../../../src/core/webhooks/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

let core: TestCore;
let admin: User;
let agent: User;
let customer: User;
beforeEach(async () => {
  core = await createTestCore();
  admin = await addUser(core, { email: 'admin@example.org', role: 'admin' });
  agent = await addUser(core, { email: 'agent@example.org', role: 'agent' });
  customer = await addUser(core, { email: 'casey@example.org' });
});
afterEach(() => core.close());

describe('createWebhook', () => {
  it('stores the hook and returns a generated secret once', async () => {
    const { webhook, secret } = await createWebhook(core, admin, {
      url: 'https://hooks.example.org/in',
      events: ['ticket.created', 'ticket.created', 'ticket.resolved'],
    });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({
      url: 'https://hooks.example.org/in',
      events: ['ticket.created', 'ticket.resolved'],
      active: true,
      createdBy: admin.id,
    });
    expect(webhook).not.toHaveProperty('secret');
    expect(await listWebhooks(core, admin)).toEqual([webhook]);
  });

  it('keeps a given secret and folds a list with "*" into every event', async () => {
    const { webhook, secret } = await createWebhook(core, systemActor, {
      url: 'https://hooks.example.org/in',
      events: ['ticket.created', '*'],
      secret: 'my own secret of enough length',
    });
    expect(secret).toBe('my own secret of enough length');
    expect(webhook.events).toEqual(['*']);
  });

  it('refuses unknown events, no events, short secrets and private URLs', async () => {
    const url = 'https://hooks.example.org/in';
    await expect(createWebhook(core, admin, { url, events: ['ticket.exploded' as never] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(createWebhook(core, admin, { url, events: [] })).rejects.toThrow('Choose at least one event.');
    await expect(createWebhook(core, admin, { url, events: ['*'], secret: 'short' })).rejects.toThrow(
      'Use a secret of at least 16 characters',
    );
    await expect(createWebhook(core, admin, { url: 'http://[::ffff:127.0.0.1]/', events: ['*'] })).rejects.toThrow(
      'Webhooks cannot call private or loopback addresses.',
    );
    expect(await listWebhooks(core, admin)).toEqual([]);
  });

  it('is for admins only', async () => {
    const input = { url: 'https://hooks.example.org/in', events: ['*'] as ['*'] };
    await expect(createWebhook(core, agent, input)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createWebhook(core, customer, input)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createWebhook(core, null, input)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(listWebhooks(core, agent)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('updateWebhook', () => {
  it('changes the URL, events and active flag, checking the URL again', async () => {
    const { webhook } = await createWebhook(core, admin, { url: 'https://hooks.example.org/in', events: ['*'] });
    const changed = await updateWebhook(core, admin, webhook.id, {
      url: 'https://other.example.org/x',
      events: ['ticket.replied'],
      active: false,
    });
    expect(changed).toMatchObject({ url: 'https://other.example.org/x', events: ['ticket.replied'], active: false });
    await expect(updateWebhook(core, admin, webhook.id, { url: 'http://169.254.169.254/' })).rejects.toThrow(
      'Webhooks cannot call private or loopback addresses.',
    );
    await expect(updateWebhook(core, admin, 'nope', { active: true })).rejects.toMatchObject({ code: 'not_found' });
    await expect(updateWebhook(core, agent, webhook.id, { active: true })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('deleteWebhook', () => {
  it('removes the hook and its delivery log', async () => {
    const { webhook } = await createWebhook(core, admin, { url: 'https://hooks.example.org/in', events: ['*'] });
    await deleteWebhook(core, admin, webhook.id);
    expect(await getWebhook(core, admin, webhook.id)).toBeUndefined();
    expect(await listWebhookDeliveries(core, admin, webhook.id)).toEqual([]);
    await expect(deleteWebhook(core, admin, webhook.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('sendTestWebhook', () => {
  it('queues one webhook.test delivery, for admins only', async () => {
    const { webhook } = await createWebhook(core, admin, { url: 'https://hooks.example.org/in', events: ['*'] });
    await sendTestWebhook(core, admin, webhook.id);
    const jobs = await core.db.selectFrom('jobs').selectAll().execute();
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!.payload)).toMatchObject({ webhookId: webhook.id, type: 'webhook.test' });
    await expect(sendTestWebhook(core, agent, webhook.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sendTestWebhook(core, admin, 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});
