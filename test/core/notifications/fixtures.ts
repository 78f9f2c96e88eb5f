import { createRequestType } from '../../../src/core/catalog/index.ts';
import type { RequestType } from '../../../src/core/catalog/index.ts';
import { recordEvents } from '../../../src/core/events/index.ts';
import type { PendingEvent } from '../../../src/core/events/index.ts';
import { installNotifications } from '../../../src/core/notifications/index.ts';
import { createTicket } from '../../../src/core/tickets/index.ts';
import type { Ticket } from '../../../src/core/tickets/index.ts';
import type { Group, User } from '../../../src/core/users/index.ts';
import { createGroup, createOrganisation, setGroupMembers, systemActor } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';
import { startSmtp } from './smtp.ts';
import type { ReceivedMail, TestSmtp } from './smtp.ts';

export const publicUrl = 'https://help.example.org';

/**
 * A desk wired to a real SMTP server: Ada (admin), Avery (agent, lead of Service Desk), Sam (agent,
 * member), customers Casey and Noor of Northwind, and a request type routed to Service Desk.
 */
export interface MailWorld {
  core: TestCore;
  smtp: TestSmtp;
  admin: User;
  avery: User;
  sam: User;
  casey: User;
  noor: User;
  desk: Group;
  question: RequestType;
  close(): Promise<void>;
}

export async function createMailWorld(): Promise<MailWorld> {
  const smtp = await startSmtp();
  const core = await createTestCore({ SMTP_URL: smtp.url, PORTICO_PUBLIC_URL: publicUrl });
  installNotifications(core);
  const northwind = await createOrganisation(core, systemActor, { name: 'Northwind', domain: 'northwind.example' });
  const admin = await addUser(core, { email: 'ada@portico.example', name: 'Ada Admin', role: 'admin' });
  const avery = await addUser(core, { email: 'avery@portico.example', name: 'Avery Agent', role: 'agent' });
  const sam = await addUser(core, { email: 'sam@portico.example', name: 'Sam Support', role: 'agent' });
  const casey = await addUser(core, {
    email: 'casey@northwind.example',
    name: 'Casey Customer',
    organisationId: northwind.id,
  });
  const noor = await addUser(core, { email: 'noor@northwind.example', name: 'Noor N', organisationId: northwind.id });
  const desk = await createGroup(core, systemActor, { name: 'Service Desk', description: '' });
  await setGroupMembers(core, systemActor, desk.id, [
    { userId: avery.id, isLead: true },
    { userId: sam.id, isLead: false },
  ]);
  const question = await createRequestType(core, systemActor, {
    name: 'Ask a question',
    kind: 'service_request',
    defaultGroupId: desk.id,
    defaultPriority: 'P3',
  });
  return {
    core,
    smtp,
    admin,
    avery,
    sam,
    casey,
    noor,
    desk,
    question,
    async close() {
      await core.close();
      await smtp.stop();
    },
  };
}

/** Delivers pending events, then runs the jobs due at `now` (default: after enqueueing); resolves with the mails received since `from`. */
export async function deliver(
  world: MailWorld,
  now?: Date,
  from = world.smtp.received.length,
): Promise<ReceivedMail[]> {
  await world.core.events.dispatchPending();
  // Taken after the jobs were enqueued: they are due from the moment they were written.
  await world.core.jobs.runDue(now ?? new Date());
  return world.smtp.received.slice(from);
}

/** A question from Casey (unless told otherwise), with its mails already sent. */
export async function ask(
  world: MailWorld,
  actor: User = world.casey,
  subject = 'Printer on floor 2',
): Promise<Ticket> {
  const ticket = await createTicket(world.core, actor, {
    requestTypeId: world.question.id,
    subject,
    description: 'It jams.',
  });
  await deliver(world);
  return ticket;
}

/** Writes an event to the outbox as another module would (e.g. SLA events, not typed here yet). */
export async function emit(world: MailWorld, type: string, subjectId: string, payload: object): Promise<void> {
  await recordEvents(world.core.db, null, [{ type, subjectId, payload } as unknown as PendingEvent]);
}

export function recipients(mails: ReceivedMail[]): string[] {
  return mails.flatMap((mail) => mail.to).sort();
}
