import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTicket, pruneIdempotencyKeys } from '../../../src/core/tickets/index.ts';
import { createDeskWorld } from './fixtures.ts';
import type { DeskWorld } from './fixtures.ts';

let world: DeskWorld;
beforeEach(async () => {
  world = await createDeskWorld();
});
afterEach(() => world.core.close());

const question = (world: DeskWorld) => ({
  requestTypeId: world.question.id,
  subject: 'Where is the VPN guide?',
  description: 'I cannot find it.',
});
const count = async () =>
  Number(
    (
      await world.core.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('createTicket with an idempotency key', () => {
  it('opens one ticket for the same key sent twice, also at the same moment', async () => {
    const first = await createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'form-123456' });
    const again = await createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'form-123456' });
    expect(again.id).toBe(first.id);
    const [a, b] = await Promise.all([
      createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'retry-1' }),
      createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'retry-1' }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await count()).toBe(2);
    const events = await world.core.db
      .selectFrom('event_outbox')
      .select('id')
      .where('type', '=', 'ticket.created')
      .execute();
    expect(events).toHaveLength(2);
  });

  it('keeps keys per person, and opens a new ticket for a new key', async () => {
    const mine = await createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'same-key' });
    const theirs = await createTicket(world.core, world.noor, question(world), {}, { idempotencyKey: 'same-key' });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.requesterId).toBe(world.noor.id);
    await createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'other-key' });
    expect(await count()).toBe(3);
  });

  it('refuses a malformed key', async () => {
    await expect(
      createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'has spaces and / slashes' }),
    ).rejects.toThrow('The idempotency key must be 1–100 letters, digits, "-", "_", "." or ":".');
  });
});

describe('pruneIdempotencyKeys', () => {
  it('forgets keys after a day', async () => {
    await createTicket(world.core, world.casey, question(world), {}, { idempotencyKey: 'old-key' });
    expect(await pruneIdempotencyKeys(world.core, new Date(Date.now() + 60 * 60 * 1000))).toBe(0);
    expect(await pruneIdempotencyKeys(world.core, new Date(Date.now() + 25 * 60 * 60 * 1000))).toBe(1);
  });
});
