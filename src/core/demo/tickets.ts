import type { Core } from '../context.ts';
import { createTicket, linkToProblem, replyToTicket, setParentTicket, updateTicket } from '../tickets/index.ts';
import type { User } from '../users/index.ts';

/**
 * A morning's work for the demo desk: tickets in every state, a conversation with a note, a problem
 * with its incidents, and a parent with children.
 * @example
 * await seedDemoTickets(core, { customers, agents });
 */
export async function seedDemoTickets(core: Core, people: { customers: User[]; agents: User[] }): Promise<void> {
  const [casey, noor, olu] = people.customers as [User, User, User];
  const [avery, sam] = people.agents as [User, User];
  const vpn = (requester: User, subject: string, description: string) =>
    createTicket(core, requester, {
      requestTypeId: 'report-an-incident',
      subject,
      description,
      fields: { affected_service: 'VPN', impact: 'medium', urgency: 'high', blocked: true },
    });

  const first = await vpn(
    casey,
    'VPN disconnects every few minutes',
    'Since this morning the VPN drops about every 5 minutes.',
  );
  const second = await vpn(olu, 'Cannot reach the intranet from home', 'The VPN connects but no internal page loads.');
  await replyToTicket(core, avery, first.number, {
    body: 'Thanks Casey — several people report this. We are on it and will update you here.',
    status: 'pending',
    timeSpentMinutes: 5,
  });
  await replyToTicket(core, avery, first.number, {
    body: 'Gateway vpn-2 logs TLS handshake failures; the certificate may have expired.',
    internal: true,
  });
  const problem = await createTicket(core, avery, {
    requestTypeId: 'ask-a-question',
    subject: 'VPN gateway vpn-2 drops sessions',
    description: 'Two incidents so far. Suspect the gateway certificate.',
    requesterId: avery.id,
    assigneeId: avery.id,
    priority: 'P2',
    tags: ['vpn'],
  });
  await updateTicket(core, avery, problem.number, { kind: 'problem', workaround: 'Connect to vpn-1.example instead.' });
  await linkToProblem(core, avery, first.number, problem.number);
  await linkToProblem(core, avery, second.number, problem.number);

  const starter = await createTicket(core, noor, {
    requestTypeId: 'new-starter',
    subject: 'New starter: Jamie Lee on 1 December',
    description: 'Jamie joins the finance team.',
    fields: {
      starter_name: 'Jamie Lee',
      start_date: '2026-12-01',
      department: 'Finance',
      equipment: ['Laptop'],
      manager_email: 'noor@northwind.example',
      needs_vpn: true,
    },
  });
  await updateTicket(core, sam, starter.number, { assigneeId: sam.id });
  for (const subject of ['Order a laptop for Jamie Lee', 'Create accounts for Jamie Lee']) {
    const child = await createTicket(core, sam, {
      requestTypeId: 'ask-a-question',
      subject,
      description: `Part of ${starter.reference}.`,
      requesterId: noor.id,
      assigneeId: sam.id,
    });
    await setParentTicket(core, sam, child.number, starter.number);
  }

  await createTicket(core, casey, {
    requestTypeId: 'request-software',
    subject: 'Licence for a diagram tool',
    description: 'I draw network diagrams for customers every week.',
    fields: {
      software: 'Other',
      other_software: 'Diagram Studio',
      business_reason: 'Customer documentation.',
      licences: 1,
    },
  });
  const printer = await createTicket(core, olu, {
    requestTypeId: 'ask-a-question',
    subject: 'How do I print double-sided?',
    description: 'The print dialog has no such option on my laptop.',
    fields: { topic: 'Hardware' },
  });
  await replyToTicket(core, sam, printer.number, {
    body: 'Choose "Printer properties" → "Finishing" → "Print on both sides". Does that work for you?',
  });
  await replyToTicket(core, olu, printer.number, { body: 'Yes, found it. Thank you!' });
  await updateTicket(core, sam, printer.number, { status: 'resolved' });
  await createTicket(core, noor, {
    requestTypeId: 'access-request',
    subject: 'Edit access to the payroll system',
    description: 'I now approve payroll for the finance team.',
    fields: { system: 'Finance system', access_level: 'Edit', reason: 'New approver role from this month.' },
  });
}
