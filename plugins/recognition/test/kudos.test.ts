import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalUser } from 'portico/plugin-api';
import { RecognitionError } from '../errors.ts';
import { badgesOf, colleaguesOf, giveKudos, listKudos } from '../kudos.ts';
import { pointsSummary } from '../points.ts';
import { at, saveSettings, setup } from './helpers.ts';

let t: Awaited<ReturnType<typeof setup>>;
let alice: PortalUser;
let bob: PortalUser;
let admin: PortalUser;
let customer: PortalUser;

beforeEach(async () => {
  t = await setup();
  alice = await t.user('agent', 'Alice Agent');
  bob = await t.user('agent', 'Bob Agent');
  admin = await t.user('admin', 'Ada Admin');
  customer = await t.user('customer', 'Carl Customer');
});
afterEach(async () => {
  await t.close();
});

async function refused(work: Promise<unknown>): Promise<RecognitionError> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RecognitionError);
  return error as RecognitionError;
}

describe('giveKudos', () => {
  it('records a kudos with points and a badge and credits the colleague', async () => {
    const ctx = await t.ctx();
    const kudos = await giveKudos(
      ctx,
      alice,
      { to: bob.id, message: '  Thanks for covering my shift!  ', points: '15', badge: 'team-player' },
      at('2026-03-10T12:00:00Z'),
    );
    expect(kudos).toMatchObject({
      fromName: 'Alice Agent',
      toName: 'Bob Agent',
      message: 'Thanks for covering my shift!',
      points: 15,
      badge: 'Team player',
    });
    expect((await pointsSummary(ctx, bob.id, at('2026-03-11T00:00:00Z'))).balance).toBe(15);
    expect(await pointsSummary(ctx, alice.id, at('2026-03-11T00:00:00Z'))).toMatchObject({
      balance: 0,
      allowance: 100,
      allowanceLeft: 85,
    });
    expect((await badgesOf(ctx, bob.id)).map((badge) => badge.name)).toEqual(['Team player']);
  });

  it('lets admins and agents thank each other without points or a badge', async () => {
    const ctx = await t.ctx();
    await giveKudos(ctx, admin, { to: alice.id, message: 'Great call today.' });
    const { items, total } = await listKudos(ctx);
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ fromName: 'Ada Admin', toName: 'Alice Agent', points: 0, badge: null });
    expect((await pointsSummary(ctx, alice.id)).balance).toBe(0);
  });

  it('refuses kudos to yourself', async () => {
    const error = await refused(giveKudos(await t.ctx(), alice, { to: alice.id, message: 'Me!' }));
    expect(error.message).toBe('You cannot give kudos to yourself; choose a colleague.');
    expect(error.fields).toHaveProperty('to');
  });

  it('refuses a customer as the recipient', async () => {
    const error = await refused(giveKudos(await t.ctx(), alice, { to: customer.id, message: 'Thanks!' }));
    expect(error.message).toBe('Choose a colleague on the staff to thank.');
  });

  it('refuses customers as givers', async () => {
    const error = await refused(giveKudos(await t.ctx(), customer, { to: alice.id, message: 'Thanks!' }));
    expect(error.code).toBe('forbidden');
  });

  it('needs a message of 1 to 500 characters', async () => {
    const ctx = await t.ctx();
    expect((await refused(giveKudos(ctx, alice, { to: bob.id, message: '   ' }))).message).toBe(
      'Write a message of 1 to 500 characters (this one has 0).',
    );
    expect((await refused(giveKudos(ctx, alice, { to: bob.id, message: 'x'.repeat(501) }))).fields).toHaveProperty(
      'message',
    );
    await expect(giveKudos(ctx, alice, { to: bob.id, message: 'x'.repeat(500) })).resolves.toBeTruthy();
  });

  it('refuses unknown badges and negative or fractional points', async () => {
    const ctx = await t.ctx();
    const error = await refused(giveKudos(ctx, alice, { to: bob.id, message: 'Hi', badge: 'wizard', points: -1 }));
    expect(error.message).toBe('Some fields need attention.');
    expect(Object.keys(error.fields).sort()).toEqual(['badge', 'points']);
    expect((await refused(giveKudos(ctx, alice, { to: bob.id, message: 'Hi', points: '2.5' }))).fields).toHaveProperty(
      'points',
    );
  });

  it('refuses more points than are left this month, saying how many are left', async () => {
    const ctx = await t.ctx();
    await giveKudos(ctx, alice, { to: bob.id, message: 'One', points: 60 }, at('2026-03-02T09:00:00Z'));
    const error = await refused(
      giveKudos(ctx, alice, { to: admin.id, message: 'Two', points: 41 }, at('2026-03-20T09:00:00Z')),
    );
    expect(error.message).toBe('You only have 40 points left to give this month.');
    expect(error.fields['points']).toBe('You only have 40 points left to give this month.');
    await giveKudos(ctx, alice, { to: admin.id, message: 'Two', points: 40 }, at('2026-03-20T09:00:00Z'));
    const none = await refused(
      giveKudos(ctx, alice, { to: admin.id, message: 'Three', points: 1 }, at('2026-03-31T23:59:59Z')),
    );
    expect(none.message).toBe('You have no points left to give this month.');
    expect((await listKudos(ctx)).total).toBe(2);
  });

  it('starts the allowance again in the next calendar month (UTC)', async () => {
    const ctx = await t.ctx();
    await giveKudos(ctx, alice, { to: bob.id, message: 'All of it', points: 100 }, at('2026-03-31T23:59:59Z'));
    expect((await pointsSummary(ctx, alice.id, at('2026-03-31T23:59:59Z'))).allowanceLeft).toBe(0);
    expect((await pointsSummary(ctx, alice.id, at('2026-04-01T00:00:00Z'))).allowanceLeft).toBe(100);
    await giveKudos(ctx, alice, { to: bob.id, message: 'Again', points: 100 }, at('2026-04-01T00:00:00Z'));
    expect((await pointsSummary(ctx, bob.id)).balance).toBe(200);
  });

  it('follows the monthlyAllowance setting', async () => {
    await saveSettings(t, { monthlyAllowance: 20 });
    const ctx = await t.ctx();
    expect((await pointsSummary(ctx, alice.id)).allowanceLeft).toBe(20);
    expect((await refused(giveKudos(ctx, alice, { to: bob.id, message: 'Hi', points: 21 }))).message).toBe(
      'You only have 20 points left to give this month.',
    );
  });
});

describe('listKudos', () => {
  it('pages through kudos, newest first', async () => {
    const ctx = await t.ctx();
    for (let day = 1; day <= 5; day++) {
      await giveKudos(ctx, alice, { to: bob.id, message: `Day ${day}` }, at(`2026-03-0${day}T10:00:00Z`));
    }
    const first = await listKudos(ctx, { limit: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((kudos) => kudos.message)).toEqual(['Day 5', 'Day 4']);
    const last = await listKudos(ctx, { limit: 2, offset: 4 });
    expect(last.items.map((kudos) => kudos.message)).toEqual(['Day 1']);
  });
});

describe('colleaguesOf', () => {
  it('lists active staff but the viewer, never customers', async () => {
    const names = (await colleaguesOf(await t.ctx(), alice)).map((user) => user.name);
    expect(names).toEqual(expect.arrayContaining(['Bob Agent', 'Ada Admin']));
    expect(names).not.toContain('Alice Agent');
    expect(names).not.toContain('Carl Customer');
  });
});
