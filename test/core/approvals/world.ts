import { createRequestType } from '../../../src/core/catalog/index.ts';
import type { RequestType } from '../../../src/core/catalog/index.ts';
import { installApprovals } from '../../../src/core/approvals/index.ts';
import { createTicket, getTicket } from '../../../src/core/tickets/index.ts';
import type { Ticket } from '../../../src/core/tickets/index.ts';
import type { Group, User } from '../../../src/core/users/index.ts';
import { createGroup, createOrganisation, setGroupMembers, systemActor } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

export const publicUrl = 'https://help.example.org';

/** Ada (admin), Avery (agent, lead of Service Desk), Sam (agent), Casey and Noor of Northwind, Olu (manager). */
export interface ApprovalWorld {
  core: TestCore;
  admin: User;
  avery: User;
  sam: User;
  casey: User;
  noor: User;
  olu: User;
  northwindId: string;
  desk: Group;
  laptop: RequestType;
}

export async function createApprovalWorld(): Promise<ApprovalWorld> {
  const core = await createTestCore({ PORTICO_PUBLIC_URL: publicUrl });
  installApprovals(core);
  const northwind = await createOrganisation(core, systemActor, { name: 'Northwind', domain: 'northwind.example' });
  const admin = await addUser(core, { email: 'ada@portico.example', name: 'Ada Admin', role: 'admin' });
  const avery = await addUser(core, { email: 'avery@portico.example', name: 'Avery Agent', role: 'agent' });
  const sam = await addUser(core, { email: 'sam@portico.example', name: 'Sam Support', role: 'agent' });
  const casey = await addUser(core, { email: 'casey@northwind.example', name: 'Casey', organisationId: northwind.id });
  const noor = await addUser(core, { email: 'noor@northwind.example', name: 'Noor', organisationId: northwind.id });
  const olu = await addUser(core, {
    email: 'olu@northwind.example',
    name: 'Olu Manager',
    organisationId: northwind.id,
  });
  const desk = await createGroup(core, systemActor, { name: 'Service Desk', description: '' });
  await setGroupMembers(core, systemActor, desk.id, [
    { userId: avery.id, isLead: true },
    { userId: sam.id, isLead: false },
  ]);
  const laptop = await createRequestType(core, systemActor, {
    name: 'New laptop',
    kind: 'service_request',
    defaultGroupId: desk.id,
    defaultPriority: 'P3',
  });
  return { core, admin, avery, sam, casey, noor, olu, northwindId: northwind.id, desk, laptop };
}

/** Casey asks for a laptop; the created event is delivered, so an approval starts. */
export async function ask(world: ApprovalWorld): Promise<Ticket> {
  const ticket = await createTicket(world.core, world.casey, {
    requestTypeId: world.laptop.id,
    subject: 'A laptop for the new hire',
    description: 'Starts Monday.',
  });
  await world.core.events.dispatchPending();
  return ticket;
}

export async function ticketNow(world: ApprovalWorld, number: number) {
  const detail = await getTicket(world.core, world.admin, number);
  if (!detail) throw new Error(`no ticket ${number}`);
  return detail;
}

/** The approval mails enqueued so far: recipient and the token in their link. */
export async function approvalMails(world: ApprovalWorld): Promise<{ to: string; token: string; text: string }[]> {
  const jobs = await world.core.db
    .selectFrom('jobs')
    .select(['payload', 'dedupe_key'])
    .where('type', '=', 'mail.send')
    .where('dedupe_key', 'like', 'approval:%')
    .orderBy('created_at')
    .execute();
  return jobs.map((job) => {
    const payload = JSON.parse(job.payload) as { to: string; text: string };
    const token = /\/approvals\/decide\/([A-Za-z0-9_-]+)/.exec(payload.text)?.[1] ?? '';
    return { to: payload.to, token, text: payload.text };
  });
}
