import { createRequestType } from '../../../src/core/catalog/index.ts';
import type { RequestType } from '../../../src/core/catalog/index.ts';
import { createMailbox } from '../../../src/core/mail/index.ts';
import type { Mailbox, MailboxInput } from '../../../src/core/mail/index.ts';
import { installNotifications } from '../../../src/core/notifications/index.ts';
import type { Group, User } from '../../../src/core/users/index.ts';
import { createGroup, createOrganisation, systemActor } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';
import { startSmtp } from '../notifications/smtp.ts';
import type { ReceivedMail, TestSmtp } from '../notifications/smtp.ts';

export const publicUrl = 'https://help.example.org';
export const deskAddress = 'support@help.example.org';

/**
 * A desk with a mailbox (support@help.example.org, no IMAP server unless given), a real SMTP server
 * capturing outbound mail: admin Ada, agent Avery, customers Casey (Northwind) and Olu (Contoso).
 */
export interface MailWorld {
  core: TestCore;
  smtp: TestSmtp;
  admin: User;
  avery: User;
  casey: User;
  olu: User;
  desk: Group;
  question: RequestType;
  mailbox: Mailbox;
  northwindId: string;
  close(): Promise<void>;
}

export async function createMailWorld(mailbox: Partial<MailboxInput> = {}): Promise<MailWorld> {
  const smtp = await startSmtp();
  const core = await createTestCore({ SMTP_URL: smtp.url, PORTICO_PUBLIC_URL: publicUrl });
  installNotifications(core);
  const northwind = await createOrganisation(core, systemActor, { name: 'Northwind', domain: 'northwind.example' });
  const contoso = await createOrganisation(core, systemActor, { name: 'Contoso', domain: 'contoso.example' });
  const admin = await addUser(core, { email: 'ada@portico.example', name: 'Ada Admin', role: 'admin' });
  const avery = await addUser(core, { email: 'avery@portico.example', name: 'Avery Agent', role: 'agent' });
  const casey = await addUser(core, {
    email: 'casey@northwind.example',
    name: 'Casey Customer',
    organisationId: northwind.id,
  });
  const olu = await addUser(core, { email: 'olu@contoso.example', name: 'Olu O', organisationId: contoso.id });
  const desk = await createGroup(core, systemActor, { name: 'Service Desk', description: '' });
  const question = await createRequestType(core, systemActor, {
    name: 'Ask a question',
    kind: 'service_request',
    defaultGroupId: null,
    defaultPriority: 'P3',
  });
  const created = await createMailbox(core, admin, {
    name: 'Support',
    address: deskAddress,
    requestTypeId: question.id,
    groupId: desk.id,
    allowUnknown: true,
    ...mailbox,
  });
  return {
    core,
    smtp,
    admin,
    avery,
    casey,
    olu,
    desk,
    question,
    mailbox: created,
    northwindId: northwind.id,
    async close() {
      await core.close();
      await smtp.stop();
    },
  };
}

/** Delivers pending events and runs due jobs; resolves with the mails the SMTP server received since. */
export async function deliver(world: MailWorld): Promise<ReceivedMail[]> {
  const from = world.smtp.received.length;
  await world.core.events.dispatchPending();
  await world.core.jobs.runDue(new Date());
  return world.smtp.received.slice(from);
}

let counter = 0;

/** A raw message (CRLF) with these headers and body; Message-ID, Date and MIME headers added unless given. */
export function eml(
  fields: { from?: string; to?: string; subject?: string; body?: string; headers?: Record<string, string> },
  parts?: string,
): string {
  counter += 1;
  const headers: Record<string, string> = {
    From: fields.from ?? 'Casey Customer <casey@northwind.example>',
    To: fields.to ?? deskAddress,
    Subject: fields.subject ?? 'Printer on floor 2',
    Date: new Date().toUTCString(),
    'Message-ID': `<m${counter}.${Date.now()}@northwind.example>`,
    'MIME-Version': '1.0',
    ...(parts ? {} : { 'Content-Type': 'text/plain; charset=utf-8' }),
    ...fields.headers,
  };
  const head = Object.entries(headers)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}: ${value}`)
    .join('\r\n');
  return `${head}\r\n\r\n${(parts ?? fields.body ?? 'It jams on every page.').replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** The value of a header in a raw message (unfolded). */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim();
}

/** A 1×1 PNG. */
export const pngBytes = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
