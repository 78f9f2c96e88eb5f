import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalUser } from 'portico/plugin-api';
import { giveKudos } from '../kudos.ts';
import { adjustPoints, balanceOf, ledgerOf, pointsSummary, recordPoints } from '../points.ts';
import { approveRedemption, requestRedemption } from '../redemptions.ts';
import { saveReward } from '../rewards.ts';
import { at, setup } from './helpers.ts';

let t: Awaited<ReturnType<typeof setup>>;
let alice: PortalUser;
let bob: PortalUser;
let admin: PortalUser;

beforeEach(async () => {
  t = await setup();
  alice = await t.user('agent', 'Alice Agent');
  bob = await t.user('agent', 'Bob Agent');
  admin = await t.user('admin', 'Ada Admin');
});
afterEach(async () => {
  await t.close();
});

describe('pointsSummary', () => {
  it('sums the ledger: credits from every source minus redemptions, with holds kept apart', async () => {
    const ctx = await t.ctx();
    await giveKudos(ctx, alice, { to: bob.id, message: 'Thanks', points: 30 });
    await recordPoints(ctx.db, { userId: bob.id, points: 10, reason: 'csat', referenceId: 'response-1' }, new Date());
    await recordPoints(ctx.db, { userId: bob.id, points: 5, reason: 'training', referenceId: 'assign-1' }, new Date());
    await adjustPoints(ctx, admin, { userId: bob.id, points: '-3', note: 'Correction' });
    expect(await balanceOf(ctx.db, bob.id)).toBe(42);

    const mug = await saveReward(ctx, admin, { name: 'Mug', description: '', cost: 20, stock: '', active: true });
    const approved = await requestRedemption(ctx, bob, mug.id);
    await approveRedemption(ctx, admin, approved.id);
    await requestRedemption(ctx, bob, mug.id);
    expect(await pointsSummary(ctx, bob.id)).toMatchObject({ balance: 22, held: 20, available: 2 });
    expect((await ledgerOf(ctx, bob.id)).map((entry) => entry.reason).sort()).toEqual([
      'adjustment',
      'csat',
      'kudos',
      'redemption',
      'training',
    ]);
  });

  it('never counts the same reference twice for a reason', async () => {
    const ctx = await t.ctx();
    const credit = { userId: bob.id, points: 10, reason: 'csat' as const, referenceId: 'response-1' };
    expect(await recordPoints(ctx.db, credit, new Date())).toBe(true);
    expect(await recordPoints(ctx.db, credit, new Date())).toBe(false);
    expect(await balanceOf(ctx.db, bob.id)).toBe(10);
  });

  it('reports the allowance left this month', async () => {
    const ctx = await t.ctx();
    await giveKudos(ctx, alice, { to: bob.id, message: 'Thanks', points: 25 }, at('2026-05-03T08:00:00Z'));
    expect(await pointsSummary(ctx, alice.id, at('2026-05-30T08:00:00Z'))).toMatchObject({
      allowance: 100,
      allowanceLeft: 75,
      balance: 0,
    });
  });
});

describe('adjustPoints', () => {
  it('is for managers only', async () => {
    const ctx = await t.ctx();
    await expect(adjustPoints(ctx, alice, { userId: bob.id, points: 5, note: 'Prize' })).rejects.toThrow(
      'Only people who manage rewards can do that.',
    );
  });

  it('needs a staff member, a non-zero whole number and a reason', async () => {
    const ctx = await t.ctx();
    const customer = await t.user('customer');
    await expect(adjustPoints(ctx, admin, { userId: customer.id, points: 0, note: '' })).rejects.toMatchObject({
      fields: {
        userId: 'Choose a staff member.',
        points: expect.any(String),
        note: 'Say why, in 1 to 200 characters.',
      },
    });
  });
});
