import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ingestMessage,
  listQuarantine,
  releaseQuarantined,
  senderHourlyLimit,
  updateMailbox,
} from '../../../src/core/mail/index.ts';
import { getTicket, replyToTicket, updateTicket } from '../../../src/core/tickets/index.ts';
import { findUserByEmail } from '../../../src/core/users/index.ts';
import { createMailWorld, deliver, deskAddress, eml, headerOf, pngBytes } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

let world: MailWorld;
beforeEach(async () => {
  world = await createMailWorld();
});
afterEach(() => world.close());

const ingest = (raw: string) => ingestMessage(world.core, Buffer.from(raw));

async function ticketOf(number: number) {
  const detail = await getTicket(world.core, world.avery, number);
  if (!detail) throw new Error(`no ticket ${number}`);
  return detail;
}

describe('ingestMessage (new mail)', () => {
  it('opens a ticket for a known customer through the mailbox’s request type and group, on the email channel', async () => {
    const result = await ingest(eml({ body: 'It jams on every page.\n\nThanks,\nCasey' }));
    expect(result.outcome).toBe('ticket');
    const { ticket, messages } = await ticketOf(result.ticketNumber!);
    expect(ticket.requesterId).toBe(world.casey.id);
    expect(ticket.channel).toBe('email');
    expect(ticket.groupId).toBe(world.desk.id);
    expect(ticket.requestTypeId).toBe(world.question.id);
    expect(ticket.subject).toBe('Printer on floor 2');
    // Sign-offs are what the person wrote: kept.
    expect(ticket.description).toBe('It jams on every page.\n\nThanks,\nCasey');
    expect(messages).toEqual([]);
  });

  it('creates an unknown sender as a customer of the organisation whose domain matches', async () => {
    const result = await ingest(eml({ from: 'Nia New <nia@northwind.example>' }));
    const nia = await findUserByEmail(world.core.db, 'nia@northwind.example');
    expect(nia).toMatchObject({ name: 'Nia New', role: 'customer', organisationId: world.northwindId });
    expect((await ticketOf(result.ticketNumber!)).ticket.requesterId).toBe(nia!.id);
  });

  it('politely bounces an unknown sender when the mailbox takes registered customers only', async () => {
    await updateMailbox(world.core, world.admin, world.mailbox.id, {
      name: 'Support',
      address: deskAddress,
      requestTypeId: world.question.id,
      allowUnknown: false,
    });
    const raw = eml({ from: 'stranger@elsewhere.example', subject: 'Let me in' });
    const result = await ingest(raw);
    expect(result.outcome).toBe('rejected');
    expect(await findUserByEmail(world.core.db, 'stranger@elsewhere.example')).toBeUndefined();
    const [reply, ...rest] = await deliver(world);
    expect(rest).toEqual([]);
    expect(reply!.to).toEqual(['stranger@elsewhere.example']);
    expect(reply!.text).toContain('Only registered customers can open requests by mail');
    expect(headerOf(reply!.raw, 'Auto-Submitted')).toBe('auto-replied');
    expect(headerOf(reply!.raw, 'In-Reply-To')).toBe(headerOf(raw, 'Message-ID'));
  });

  it('keeps attachments and inline images as ticket attachments, and the text names the inline image', async () => {
    const png = pngBytes.toString('base64');
    const raw = eml(
      { headers: { 'Content-Type': 'multipart/mixed; boundary="outer"' } },
      [
        '--outer',
        'Content-Type: multipart/related; boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>See the screen:</p><img src="cid:shot1@northwind"><p>Bye</p>',
        '--inner',
        'Content-Type: image/png; name="screen.png"',
        'Content-Transfer-Encoding: base64',
        'Content-ID: <shot1@northwind>',
        'Content-Disposition: inline; filename="screen.png"',
        '',
        png,
        '--inner--',
        '--outer',
        'Content-Type: text/plain; name="error.log"',
        'Content-Disposition: attachment; filename="error.log"',
        '',
        'E42 paper jam',
        '--outer',
        'Content-Type: application/x-msdownload; name="tool.exe"',
        'Content-Disposition: attachment; filename="tool.exe"',
        'Content-Transfer-Encoding: base64',
        '',
        'TVqQAAMAAAA=',
        '--outer--',
      ].join('\n'),
    );
    const result = await ingest(raw);
    const { ticket, attachments } = await ticketOf(result.ticketNumber!);
    expect(attachments.map((file) => file.fileName).sort()).toEqual(['error.log', 'screen.png']);
    expect(ticket.description).toContain('See the screen:');
    expect(ticket.description).toContain('[image: screen.png]');
    expect(ticket.description).toContain('"tool.exe"');
  });

  it('converts HTML-only mail to safe text: no script survives, no remote image is kept or fetched', async () => {
    const raw = eml({
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
      body:
        '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body>' +
        '<p>The <b>printer</b> jams.</p><img src="http://tracker.example/pixel.gif" alt="pixel">' +
        '<script>document.cookie</script><a href="https://northwind.example/help">our wiki</a></body></html>',
    });
    const { ticket } = await ticketOf((await ingest(raw)).ticketNumber!);
    expect(ticket.description).toMatch(/The printer jams\./i);
    expect(ticket.description).not.toMatch(/script|alert|cookie|<|tracker\.example|color:red/);
    expect(ticket.description).toContain('our wiki');
  });

  it('trims quoted history and the signature from the stored text, and keeps the original .eml', async () => {
    const body = [
      'It still jams.',
      '',
      '-- ',
      'Casey Customer | Northwind',
      '',
      'On Mon, 3 Nov 2026 at 10:00, Avery Agent <support@help.example.org> wrote:',
      '> Please restart it.',
    ].join('\n');
    const result = await ingest(eml({ body }));
    const { ticket } = await ticketOf(result.ticketNumber!);
    expect(ticket.description).toBe('It still jams.');
    const row = await world.core.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('direction', '=', 'in')
      .executeTakeFirstOrThrow();
    expect(row.raw_file).toMatch(/\.eml$/);
    const { openOriginalMail } = await import('../../../src/core/mail/index.ts');
    const original = await openOriginalMail(world.core, world.avery, row.id);
    const content = await original!.open();
    expect(await new Response(content!.body).text()).toContain('> Please restart it.');
    await expect(openOriginalMail(world.core, world.casey, row.id)).rejects.toThrow();
  });

  it('skips a message it has already processed (same Message-ID)', async () => {
    const raw = eml({});
    expect((await ingest(raw)).outcome).toBe('ticket');
    expect((await ingest(raw)).outcome).toBe('duplicate');
    expect(await world.core.db.selectFrom('tickets').select('id').execute()).toHaveLength(1);
  });
});

describe('ingestMessage (replies)', () => {
  it('threads a reply onto its ticket by In-Reply-To and References', async () => {
    const first = eml({});
    const { ticketNumber } = await ingest(first);
    const id = headerOf(first, 'Message-ID')!;
    const result = await ingest(
      eml({ subject: 'Re: something else', body: 'More detail.', headers: { 'In-Reply-To': id, References: id } }),
    );
    expect(result).toMatchObject({ outcome: 'reply', ticketNumber });
    const { messages } = await ticketOf(ticketNumber!);
    expect(messages.map((message) => [message.body, message.authorId, message.channel])).toEqual([
      ['More detail.', world.casey.id, 'email'],
    ]);
  });

  it('threads a reply by the ticket number in the subject', async () => {
    const { ticketNumber } = await ingest(eml({}));
    const result = await ingest(eml({ subject: `Re: [PT-${ticketNumber}] Printer on floor 2`, body: 'Fixed?' }));
    expect(result).toMatchObject({ outcome: 'reply', ticketNumber });
  });

  it('opens a new ticket instead when the sender may not see the ticket named in the subject', async () => {
    const { ticketNumber } = await ingest(eml({}));
    const result = await ingest(
      eml({ from: 'olu@contoso.example', subject: `Re: [PT-${ticketNumber}] Printer`, body: 'Me too' }),
    );
    expect(result.outcome).toBe('ticket');
    expect(result.ticketNumber).not.toBe(ticketNumber);
    expect((await ticketOf(ticketNumber!)).messages).toEqual([]);
  });

  it('opens a follow-up ticket when the ticket is closed', async () => {
    const { ticketNumber } = await ingest(eml({}));
    await updateTicket(world.core, world.avery, ticketNumber!, { status: 'resolved' });
    await updateTicket(world.core, world.avery, ticketNumber!, { status: 'closed' });
    const result = await ingest(eml({ subject: `Re: PT-${ticketNumber} Printer`, body: 'Back again' }));
    expect(result.outcome).toBe('ticket');
    expect((await ticketOf(result.ticketNumber!)).ticket.description).toContain(`Follow-up to PT-${ticketNumber}`);
  });
});

describe('ingestMessage (loops, bounces, out-of-office)', () => {
  it.each([
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
    ['Precedence: list', { Precedence: 'list' }],
    ['X-Auto-Response-Suppress', { 'X-Auto-Response-Suppress': 'All' }],
  ])('records and ignores mail with %s (no ticket, no answer)', async (_, headers) => {
    const result = await ingest(eml({ from: 'stranger@elsewhere.example', headers }));
    expect(result.outcome).toBe('loop');
    expect(await world.core.db.selectFrom('tickets').select('id').execute()).toEqual([]);
    expect(await deliver(world)).toEqual([]);
  });

  it('ignores our own mail coming back: our Message-ID, or sent from the mailbox itself', async () => {
    expect((await ingest(eml({ headers: { 'Message-ID': '<pt7.abc123@help.example.org>' } }))).outcome).toBe('loop');
    expect((await ingest(eml({ from: deskAddress }))).outcome).toBe('loop');
    expect(await world.core.db.selectFrom('tickets').select('id').execute()).toEqual([]);
  });

  it('never lets a bounce or an out-of-office reply reopen a resolved ticket', async () => {
    const first = eml({});
    const { ticketNumber } = await ingest(first);
    await updateTicket(world.core, world.avery, ticketNumber!, { status: 'resolved' });
    const id = headerOf(first, 'Message-ID')!;
    const bounce = await ingest(
      eml(
        {
          from: 'MAILER-DAEMON@northwind.example',
          subject: `Undelivered Mail Returned to Sender [PT-${ticketNumber}]`,
          headers: {
            'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"',
            'Return-Path': '<>',
          },
        },
        '--b\nContent-Type: text/plain\n\nThe mail could not be delivered.\n--b--',
      ),
    );
    expect(bounce.outcome).toBe('bounce');
    const away = await ingest(
      eml({
        subject: `Automatic reply: [PT-${ticketNumber}] Printer`,
        body: 'I am away until Monday.',
        headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': id },
      }),
    );
    expect(away).toMatchObject({ outcome: 'auto_reply', ticketNumber });
    const { ticket, messages } = await ticketOf(ticketNumber!);
    expect(ticket.status).toBe('resolved');
    expect(messages).toEqual([]);
  });
});

describe('ingestMessage (quarantine and rate limit)', () => {
  it('quarantines a message without a From address, and an admin can release it once fixed… or delete it', async () => {
    const result = await ingest(eml({ headers: { From: '' } }));
    expect(result.outcome).toBe('quarantined');
    const [item] = await listQuarantine(world.core, world.admin);
    expect(item).toMatchObject({ reason: 'no_from', subject: 'Printer on floor 2' });
    await expect(releaseQuarantined(world.core, world.admin, item!.id)).rejects.toThrow(/still cannot be processed/);
    expect(await listQuarantine(world.core, world.admin)).toHaveLength(1);
    await expect(listQuarantine(world.core, world.casey)).rejects.toThrow();
  });

  it('quarantines an unparseable message', async () => {
    const result = await ingestMessage(world.core, Buffer.from('\u0000\u0001 not a mail at all'));
    expect(result.outcome).toBe('quarantined');
    expect((await listQuarantine(world.core, world.admin))[0]?.reason).toMatch(/unparseable|no_from/);
  });

  it('quarantines an oversized message, and releasing it processes it anyway', async () => {
    const big = eml({ body: `${'x'.repeat(76)}\n`.repeat((26 * 1024 * 1024) / 77 + 10) });
    const result = await ingest(big);
    expect(result.outcome).toBe('quarantined');
    const [item] = await listQuarantine(world.core, world.admin);
    expect(item!.reason).toBe('too_large');
    const released = await releaseQuarantined(world.core, world.admin, item!.id);
    expect(released.outcome).toBe('ticket');
    expect(await listQuarantine(world.core, world.admin)).toEqual([]);
    const { ticket } = await ticketOf(released.ticketNumber!);
    expect(ticket.description).toContain('shortened');
  }, 60_000);

  it(`quarantines a sender's mail beyond ${senderHourlyLimit} an hour`, async () => {
    for (let index = 0; index < senderHourlyLimit; index++) {
      expect((await ingest(eml({ subject: `Spam number ${index}` }))).outcome).toBe('ticket');
    }
    expect((await ingest(eml({ subject: 'One too many' }))).outcome).toBe('quarantined');
    expect((await ingest(eml({ from: 'olu@contoso.example' }))).outcome).toBe('ticket');
    const [item] = await listQuarantine(world.core, world.admin);
    expect(item).toMatchObject({ reason: 'rate_limited', from: 'casey@northwind.example' });
    expect((await releaseQuarantined(world.core, world.admin, item!.id)).outcome).toBe('ticket');
  });
});

describe('replyToTicket by mail, as the customer', () => {
  it('reopens a pending ticket like a portal reply does', async () => {
    const first = eml({});
    const { ticketNumber } = await ingest(first);
    await replyToTicket(world.core, world.avery, ticketNumber!, { body: 'Which model?', status: 'pending' });
    await ingest(eml({ subject: `Re: [PT-${ticketNumber}]`, body: 'HP 4000' }));
    expect((await ticketOf(ticketNumber!)).ticket.status).toBe('open');
  });
});
