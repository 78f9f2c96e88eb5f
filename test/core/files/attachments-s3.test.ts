import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRequestType } from '../../../src/core/catalog/index.ts';
import type { RequestType } from '../../../src/core/catalog/index.ts';
import type { FileStore } from '../../../src/core/files/index.ts';
import {
  createMailbox,
  deleteQuarantined,
  ingestMessage,
  listTicketMail,
  openOriginalMail,
  openQuarantined,
} from '../../../src/core/mail/index.ts';
import { createTicket, getTicket, openAttachment, replyToTicket } from '../../../src/core/tickets/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { attachmentResponse } from '../../../src/server/uploads.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { startS3Server } from '../../helpers/s3.ts';
import type { S3Server } from '../../helpers/s3.ts';
import { deskAddress, eml } from '../mail/fixtures.ts';
import { addUser } from '../support.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 7]);

let s3: S3Server;
let core: TestCore;
let admin: User;
let agent: User;
let casey: User;
let question: RequestType;

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(() => s3?.stop());

beforeEach(async () => {
  core = await createTestCore({ PORTICO_FILES_URL: await s3.addBucket(`portico-${randomBytes(6).toString('hex')}`) });
  admin = await addUser(core, { email: 'ada@portico.example', role: 'admin' });
  agent = await addUser(core, { email: 'avery@portico.example', role: 'agent' });
  casey = await addUser(core, { email: 'casey@northwind.example' });
  question = await createRequestType(core, systemActor, { name: 'Ask a question', kind: 'service_request' });
});
afterEach(() => core.close());

async function keys(store: FileStore, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const key of store.list(prefix)) found.push(key);
  return found.sort();
}

const ask = (files: { name: string; data: Uint8Array }[]) =>
  createTicket(
    core,
    casey,
    { requestTypeId: question.id, subject: 'Printer', description: 'It jams.' },
    { attachments: files },
  );

describe('attachments on S3-compatible storage', () => {
  it('stores the files of new tickets and replies in the bucket and streams them back', async () => {
    expect(core.files.localRoot).toBeNull();
    const ticket = await ask([{ name: 'shot.png', data: png }]);
    await replyToTicket(core, agent, ticket.number, { body: 'trace', internal: true }, [
      { name: 'trace.log', data: Buffer.from('line 1\nline 2\n') },
    ]);
    expect(await keys(core.files, 'attachments/')).toHaveLength(2);
    expect(fs.existsSync(path.join(core.dataDir, 'attachments'))).toBe(false);

    const [shot, trace] = (await getTicket(core, agent, ticket.number))!.attachments;
    const response = await attachmentResponse((await openAttachment(core, casey, ticket.number, shot!.id))!);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.byteLength),
      'content-disposition': `attachment; filename="shot.png"; filename*=UTF-8''shot.png`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
    const note = await openAttachment(core, agent, ticket.number, trace!.id);
    expect(await new Response((await note!.open())!.body).text()).toBe('line 1\nline 2\n');
    expect(await openAttachment(core, casey, ticket.number, trace!.id)).toBeUndefined();
  });

  it('answers 404 for an attachment whose object is gone', async () => {
    const ticket = await ask([{ name: 'shot.png', data: png }]);
    for (const key of await keys(core.files, 'attachments/')) await core.files.remove(key);
    const [shot] = (await getTicket(core, casey, ticket.number))!.attachments;
    const response = await attachmentResponse((await openAttachment(core, casey, ticket.number, shot!.id))!);
    expect(response.status).toBe(404);
  });

  it('removes the uploaded objects again when the transaction that records them fails', async () => {
    const ticket = await ask([]);
    await sql`alter table ticket_attachments rename to ticket_attachments_away`.execute(core.db);
    try {
      await expect(
        replyToTicket(core, casey, ticket.number, { body: 'see file' }, [{ name: 'a.txt', data: Buffer.from('a') }]),
      ).rejects.toThrow();
    } finally {
      await sql`alter table ticket_attachments_away rename to ticket_attachments`.execute(core.db);
    }
    expect(await keys(core.files, 'attachments/')).toEqual([]);
  });
});

describe('kept mail on S3-compatible storage', () => {
  it('keeps the original of ingested and quarantined mail in the bucket', async () => {
    await createMailbox(core, admin, {
      name: 'Support',
      address: deskAddress,
      requestTypeId: question.id,
      allowUnknown: true,
    });
    const result = await ingestMessage(core, Buffer.from(eml({ body: 'Tray 2 is empty.' })));
    expect(result.outcome).toBe('ticket');
    const ticket = (await getTicket(core, agent, result.ticketNumber!))!.ticket;
    const [mail] = await listTicketMail(core, agent, ticket.id);
    const original = await openOriginalMail(core, agent, mail!.id);
    expect(await new Response((await original!.open())!.body).text()).toContain('Tray 2 is empty.');

    const quarantined = await ingestMessage(core, Buffer.from(eml({ headers: { From: '' } })));
    expect(quarantined.outcome).toBe('quarantined');
    expect(await keys(core.files, 'mail/')).toHaveLength(2);
    const held = await openQuarantined(core, admin, quarantined.quarantineId!);
    expect((await held!.open())!.size).toBeGreaterThan(0);
    await deleteQuarantined(core, admin, quarantined.quarantineId!);
    expect(await keys(core.files, 'mail/')).toHaveLength(1);
    expect(await held!.open()).toBeUndefined();
  });
});
