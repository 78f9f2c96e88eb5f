import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideByLink, lookupApprovalLink, setApprovalSteps } from '../../../src/core/approvals/index.ts';
import { hashLinkToken } from '../../../src/core/approvals/tokens.ts';
import { approvalMails, ask, createApprovalWorld, ticketNow } from './world.ts';
import type { ApprovalWorld } from './world.ts';

let world: ApprovalWorld;
beforeEach(async () => {
  world = await createApprovalWorld();
  await setApprovalSteps(world.core, world.admin, world.laptop.id, [
    {
      name: 'Desk',
      rule: 'all',
      approvers: [
        { kind: 'user', value: world.avery.id },
        { kind: 'user', value: world.sam.id },
      ],
    },
  ]);
});
afterEach(() => world.core.close());

const day = 24 * 60 * 60 * 1000;

async function tokenFor(email: string): Promise<string> {
  const mail = (await approvalMails(world)).find((candidate) => candidate.to === email);
  if (!mail) throw new Error(`no approval mail to ${email}`);
  return mail.token;
}

describe('lookupApprovalLink', () => {
  it('shows the request without deciding, and stores only the hash of the token', async () => {
    const ticket = await ask(world);
    const token = await tokenFor('avery@portico.example');
    const link = await lookupApprovalLink(world.core, token);
    expect(link).toMatchObject({ state: 'valid', approverName: 'Avery Agent' });
    expect(link.state === 'valid' && link.approval.subject).toBe('A laptop for the new hire');
    expect(await lookupApprovalLink(world.core, token)).toMatchObject({ state: 'valid' });
    expect((await ticketNow(world, ticket.number)).ticket.status).toBe('pending');
    const stored = await world.core.db.selectFrom('approval_links').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).toContain(hashLinkToken(token));
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
    expect(await lookupApprovalLink(world.core, 'x'.repeat(43))).toEqual({ state: 'unknown' });
    expect(await lookupApprovalLink(world.core, '../../etc')).toEqual({ state: 'unknown' });
  });
});

describe('decideByLink', () => {
  it('works once: a second use answers that the link was used', async () => {
    await ask(world);
    const token = await tokenFor('avery@portico.example');
    await decideByLink(world.core, null, token, { decision: 'approve', comment: 'Yes' });
    expect(await lookupApprovalLink(world.core, token)).toEqual({ state: 'used' });
    await expect(decideByLink(world.core, null, token, { decision: 'approve' })).rejects.toMatchObject({
      code: 'conflict',
      details: { link: 'used' },
    });
  });

  it('expires after 7 days', async () => {
    const now = new Date();
    await ask(world);
    const token = await tokenFor('avery@portico.example');
    const later = new Date(now.getTime() + 7 * day + 60_000);
    expect(await lookupApprovalLink(world.core, token, new Date(now.getTime() + 6 * day))).toMatchObject({
      state: 'valid',
    });
    expect(await lookupApprovalLink(world.core, token, later)).toEqual({ state: 'expired' });
    await expect(decideByLink(world.core, null, token, { decision: 'approve' }, later)).rejects.toMatchObject({
      details: { link: 'expired' },
    });
  });

  it('is bound to its approver: another signed-in user cannot use it', async () => {
    const ticket = await ask(world);
    const token = await tokenFor('avery@portico.example');
    await expect(decideByLink(world.core, world.sam, token, { decision: 'approve' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await lookupApprovalLink(world.core, token)).toMatchObject({ state: 'valid' });
    await decideByLink(world.core, world.avery, token, { decision: 'approve' });
    await decideByLink(world.core, null, await tokenFor('sam@portico.example'), {
      decision: 'reject',
      comment: 'Not in budget.',
    });
    const detail = await ticketNow(world, ticket.number);
    expect(detail.ticket.status).toBe('closed');
    expect(detail.messages.find((m) => !m.internal)!.body).toContain('Not in budget.');
  });

  it('needs a reason to reject, and leaves the link usable when it is missing', async () => {
    await ask(world);
    const token = await tokenFor('avery@portico.example');
    await expect(decideByLink(world.core, null, token, { decision: 'reject', comment: ' ' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await lookupApprovalLink(world.core, token)).toMatchObject({ state: 'valid' });
  });
});
