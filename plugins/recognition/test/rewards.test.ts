import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortalUser } from 'portico/plugin-api';
import { balanceOf, pointsSummary, recordPoints } from '../points.ts';
import { approveRedemption, listRedemptions, rejectRedemption, requestRedemption } from '../redemptions.ts';
import { getReward, listRewards, saveReward } from '../rewards.ts';
import type { RecognitionContext } from '../settings.ts';
import { setup } from './helpers.ts';

let t: Awaited<ReturnType<typeof setup>>;
let ctx: RecognitionContext;
let alice: PortalUser;
let bob: PortalUser;
let admin: PortalUser;

beforeEach(async () => {
  t = await setup();
  ctx = await t.ctx();
  alice = await t.user('agent', 'Alice Agent');
  bob = await t.user('agent', 'Bob Agent');
  admin = await t.user('admin', 'Ada Admin');
});
afterEach(async () => {
  await t.close();
});

async function credit(user: PortalUser, points: number) {
  await recordPoints(
    ctx.db,
    { userId: user.id, points, reason: 'adjustment', referenceId: crypto.randomUUID() },
    new Date(),
  );
}

const voucher = { name: 'Lunch voucher', description: 'Lunch on us.', cost: 50, stock: '3', active: true };

describe('saveReward', () => {
  it('lets managers add and change rewards; agents may not', async () => {
    const reward = await saveReward(ctx, admin, voucher);
    expect(reward).toMatchObject({ name: 'Lunch voucher', cost: 50, stock: 3, active: true });
    await saveReward(ctx, admin, { ...voucher, stock: '', active: false }, reward.id);
    expect(await getReward(ctx, reward.id)).toMatchObject({ stock: null, active: false });
    expect(await listRewards(ctx)).toEqual([]);
    expect(await listRewards(ctx, { includeInactive: true })).toHaveLength(1);
    await expect(saveReward(ctx, alice, voucher)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('names every field at fault', async () => {
    await expect(
      saveReward(ctx, admin, { name: ' ', description: '', cost: '0', stock: '-1', active: true }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      fields: {
        name: 'Give the reward a name of 1 to 100 characters.',
        cost: 'The cost must be a whole number of points from 1 to 1000000.',
        stock: 'Stock must be a whole number from 0 to 1000000, or empty for unlimited.',
      },
    });
  });
});

describe('requestRedemption', () => {
  it('holds the cost so the same points cannot be spent twice', async () => {
    const reward = await saveReward(ctx, admin, voucher);
    await credit(alice, 80);
    const request = await requestRedemption(ctx, alice, reward.id);
    expect(request).toMatchObject({ status: 'pending', cost: 50, rewardName: 'Lunch voucher' });
    expect(await pointsSummary(ctx, alice.id)).toMatchObject({ balance: 80, held: 50, available: 30 });
    await expect(requestRedemption(ctx, alice, reward.id)).rejects.toThrow(
      'You have 30 points available; “Lunch voucher” costs 50 points.',
    );
  });

  it('refuses when the balance is too low', async () => {
    const reward = await saveReward(ctx, admin, voucher);
    await credit(alice, 49);
    await expect(requestRedemption(ctx, alice, reward.id)).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'You have 49 points available; “Lunch voucher” costs 50 points.',
    });
  });

  it('refuses rewards out of stock or inactive', async () => {
    await credit(alice, 500);
    const gone = await saveReward(ctx, admin, { ...voucher, stock: 0 });
    await expect(requestRedemption(ctx, alice, gone.id)).rejects.toThrow('“Lunch voucher” is out of stock.');
    const hidden = await saveReward(ctx, admin, { ...voucher, active: false });
    await expect(requestRedemption(ctx, alice, hidden.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('approveRedemption', () => {
  it('takes one from stock and deducts the points', async () => {
    const reward = await saveReward(ctx, admin, voucher);
    await credit(alice, 80);
    const request = await requestRedemption(ctx, alice, reward.id);
    await approveRedemption(ctx, admin, request.id);
    expect((await getReward(ctx, reward.id))?.stock).toBe(2);
    expect(await pointsSummary(ctx, alice.id)).toMatchObject({ balance: 30, held: 0, available: 30 });
    expect((await listRedemptions(ctx, { userId: alice.id }))[0]?.status).toBe('approved');
    await expect(approveRedemption(ctx, admin, request.id)).rejects.toThrow('This request was already decided.');
    expect(await balanceOf(ctx.db, alice.id)).toBe(30);
  });

  it('leaves unlimited stock unlimited', async () => {
    const reward = await saveReward(ctx, admin, { ...voucher, stock: null });
    await credit(alice, 50);
    await approveRedemption(ctx, admin, (await requestRedemption(ctx, alice, reward.id)).id);
    expect((await getReward(ctx, reward.id))?.stock).toBeNull();
  });

  it('never takes stock below zero when two approvals race for the last item', async () => {
    const reward = await saveReward(ctx, admin, { ...voucher, stock: 1 });
    await credit(alice, 50);
    await credit(bob, 50);
    const first = await requestRedemption(ctx, alice, reward.id);
    const second = await requestRedemption(ctx, bob, reward.id);
    const results = await Promise.allSettled([
      approveRedemption(ctx, admin, first.id),
      approveRedemption(ctx, admin, second.id),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((result) => result.status === 'rejected');
    expect(String((failure as PromiseRejectedResult).reason.message)).toBe(
      '“Lunch voucher” is out of stock, so this request cannot be approved.',
    );
    expect((await getReward(ctx, reward.id))?.stock).toBe(0);
    // The loser stays pending with its points held, for an admin to reject.
    expect((await listRedemptions(ctx, { status: 'pending' })).map((r) => r.id)).toHaveLength(1);
    const spent = (await balanceOf(ctx.db, alice.id)) + (await balanceOf(ctx.db, bob.id));
    expect(spent).toBe(50);
  });

  it('is for managers only', async () => {
    const reward = await saveReward(ctx, admin, voucher);
    await credit(alice, 50);
    const request = await requestRedemption(ctx, alice, reward.id);
    await expect(approveRedemption(ctx, alice, request.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('rejectRedemption', () => {
  it('releases the held points and keeps the stock', async () => {
    const reward = await saveReward(ctx, admin, voucher);
    await credit(alice, 50);
    const request = await requestRedemption(ctx, alice, reward.id);
    expect((await pointsSummary(ctx, alice.id)).available).toBe(0);
    await rejectRedemption(ctx, admin, request.id);
    expect(await pointsSummary(ctx, alice.id)).toMatchObject({ balance: 50, held: 0, available: 50 });
    expect((await getReward(ctx, reward.id))?.stock).toBe(3);
    await expect(rejectRedemption(ctx, admin, request.id)).rejects.toThrow('This request was already decided.');
    await expect(rejectRedemption(ctx, admin, 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});
