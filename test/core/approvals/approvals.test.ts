import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addOrgManager,
  approvalForTicket,
  decideApproval,
  getApproval,
  listMyApprovals,
  setApprovalSteps,
  startApproval,
} from '../../../src/core/approvals/index.ts';
import { replyToTicket } from '../../../src/core/tickets/index.ts';
import { approvalMails, ask, createApprovalWorld, ticketNow } from './world.ts';
import type { ApprovalWorld } from './world.ts';

let world: ApprovalWorld;
beforeEach(async () => {
  world = await createApprovalWorld();
});
afterEach(() => world.core.close());

async function waitingFor(userId: string) {
  const user = [world.admin, world.avery, world.sam, world.casey, world.noor, world.olu].find((u) => u.id === userId)!;
  return listMyApprovals(world.core, user);
}

describe('startApproval (through installApprovals)', () => {
  it('puts a ticket of a type that needs approval in pending with a note, and leaves other types alone', async () => {
    const plain = await ask(world);
    expect((await ticketNow(world, plain.number)).ticket.status).toBe('new');

    await setApprovalSteps(world.core, world.admin, world.laptop.id, [
      { name: 'Manager', rule: 'any', approvers: [{ kind: 'user', value: world.olu.id }] },
    ]);
    const ticket = await ask(world);
    const detail = await ticketNow(world, ticket.number);
    expect(detail.ticket.status).toBe('pending');
    expect(detail.messages.map((m) => [m.body, m.internal])).toEqual([['Waiting for approval: Manager', true]]);
    const approval = await approvalForTicket(world.core, world.casey, detail.ticket);
    expect(approval).toMatchObject({ status: 'pending', currentStep: 'Manager' });
    expect(approval!.steps[0]!.votes).toEqual([]);
    // The customer asking for news does not end the wait for approval.
    await replyToTicket(world.core, world.casey, ticket.number, { body: 'Any news?' });
    expect((await ticketNow(world, ticket.number)).ticket.status).toBe('pending');
  });

  it('mails every approver of a step once, even when the event is delivered twice', async () => {
    await addOrgManager(world.core, world.admin, world.northwindId, world.olu.id);
    await setApprovalSteps(world.core, world.admin, world.laptop.id, [
      {
        name: 'Leads and manager',
        rule: 'all',
        approvers: [
          { kind: 'group_lead', value: world.desk.id },
          { kind: 'org_manager', value: null },
          { kind: 'user', value: world.olu.id },
        ],
      },
    ]);
    const ticket = await ask(world);
    // A redelivered event runs the handler again.
    expect(await startApproval(world.core, ticket.id)).toBeUndefined();
    const mails = await approvalMails(world);
    expect(mails.map((mail) => mail.to).sort()).toEqual(['avery@portico.example', 'olu@northwind.example']);
    expect(mails[0]!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mails[0]!.text).toContain(`https://help.example.org/approvals/decide/${mails[0]!.token}`);
    expect(mails[0]!.text).toContain(`PT-${ticket.number}`);
    const notes = (await ticketNow(world, ticket.number)).messages;
    expect(notes).toHaveLength(1);
  });
});

describe('decideApproval', () => {
  it('completes an "any" step with one approval and opens the ticket', async () => {
    await setApprovalSteps(world.core, world.admin, world.laptop.id, [
      {
        name: 'Desk',
        rule: 'any',
        approvers: [
          { kind: 'user', value: world.avery.id },
          { kind: 'user', value: world.sam.id },
        ],
      },
    ]);
    const ticket = await ask(world);
    const [waiting] = await waitingFor(world.sam.id);
    await decideApproval(world.core, world.sam, waiting!.id, { decision: 'approve', comment: 'Fine.' });
    const detail = await ticketNow(world, ticket.number);
    expect(detail.ticket.status).toBe('open');
    expect(await waitingFor(world.avery.id)).toEqual([]);
    await expect(
      decideApproval(world.core, world.avery, waiting!.id, { decision: 'approve', comment: '' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('waits for everyone in an "all" step, then moves to the next step and finally opens', async () => {
    await setApprovalSteps(world.core, world.admin, world.laptop.id, [
      {
        name: 'Desk',
        rule: 'all',
        approvers: [
          { kind: 'user', value: world.avery.id },
          { kind: 'user', value: world.sam.id },
        ],
      },
      { name: 'Budget', rule: 'any', approvers: [{ kind: 'user', value: world.olu.id }] },
    ]);
    const ticket = await ask(world);
    const [first] = await waitingFor(world.avery.id);
    await decideApproval(world.core, world.avery, first!.id, { decision: 'approve', comment: '' });
    expect((await ticketNow(world, ticket.number)).ticket.status).toBe('pending');
    expect(await waitingFor(world.olu.id)).toEqual([]);

    await decideApproval(world.core, world.sam, first!.id, { decision: 'approve', comment: 'OK' });
    let detail = await ticketNow(world, ticket.number);
    expect(detail.ticket.status).toBe('pending');
    expect(detail.messages.map((m) => m.body)).toContain('Waiting for approval: Budget');
    expect((await approvalMails(world)).map((mail) => mail.to)).toContain('olu@northwind.example');

    const [second] = await waitingFor(world.olu.id);
    expect(second!.currentStep).toBe('Budget');
    await decideApproval(world.core, world.olu, second!.id, { decision: 'approve', comment: '' });
    detail = await ticketNow(world, ticket.number);
    expect(detail.ticket.status).toBe('open');
    const view = await approvalForTicket(world.core, world.admin, detail.ticket);
    expect(view!.status).toBe('approved');
    expect(view!.steps.map((step) => step.state)).toEqual(['approved', 'approved']);
  });

  it('closes the ticket on a rejection, with the reason as a public reply', async () => {
    await setApprovalSteps(world.core, world.admin, world.laptop.id, [
      { name: 'Manager', rule: 'all', approvers: [{ kind: 'user', value: world.olu.id }] },
      { name: 'Budget', rule: 'any', approvers: [{ kind: 'user', value: world.avery.id }] },
    ]);
    const ticket = await ask(world);
    const [waiting] = await waitingFor(world.olu.id);
    await expect(
      decideApproval(world.core, world.olu, waiting!.id, { decision: 'reject', comment: '' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'Say why you reject the request.' });
    await decideApproval(world.core, world.olu, waiting!.id, { decision: 'reject', comment: 'Use a spare one.' });
    const detail = await ticketNow(world, ticket.number);
    expect(detail.ticket.status).toBe('closed');
    const reply = detail.messages.find((m) => !m.internal);
    expect(reply!.body).toContain('Use a spare one.');
    expect(await waitingFor(world.avery.id)).toEqual([]);
  });

  it('lets only the designated approvers decide or see the approval', async () => {
    await setApprovalSteps(world.core, world.admin, world.laptop.id, [
      { name: 'Manager', rule: 'any', approvers: [{ kind: 'user', value: world.olu.id }] },
    ]);
    await ask(world);
    const [waiting] = await waitingFor(world.olu.id);
    for (const other of [world.noor, world.casey, world.sam, world.admin]) {
      await expect(
        decideApproval(world.core, other, waiting!.id, { decision: 'approve', comment: '' }),
      ).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(decideApproval(world.core, null, waiting!.id, { decision: 'approve' })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(await getApproval(world.core, world.noor, waiting!.id)).toBeUndefined();
    expect((await getApproval(world.core, world.olu, waiting!.id))?.myTurn).toBe(true);
    expect((await getApproval(world.core, world.sam, waiting!.id))?.myTurn).toBe(false);
  });
});

describe('setApprovalSteps', () => {
  it('is for admins only and checks that named approvers exist', async () => {
    await expect(setApprovalSteps(world.core, world.avery, world.laptop.id, [])).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      setApprovalSteps(world.core, world.admin, world.laptop.id, [
        { name: 'X', rule: 'any', approvers: [{ kind: 'user', value: 'nobody' }] },
      ]),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
