import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailbox, pollMailboxes, testMailboxConnection, updateMailbox } from '../../../src/core/mail/index.ts';
import type { Mailbox, MailboxInput } from '../../../src/core/mail/index.ts';
import { startDovecot } from '../../helpers/dovecot.ts';
import type { TestImap } from '../../helpers/dovecot.ts';
import { createMailWorld, eml } from './fixtures.ts';
import type { MailWorld } from './fixtures.ts';

let imap: TestImap;
let world: MailWorld;
let polled: Mailbox;

beforeAll(async () => {
  imap = await startDovecot();
});
afterAll(() => imap.stop());

/** The polled mailbox's settings: the test IMAP server's folder, its mail filed as questions. */
function imapDeskSettings(overrides: Partial<MailboxInput> = {}): MailboxInput {
  return {
    name: 'IMAP desk',
    address: 'imap-desk@help.example.org',
    imapHost: imap.host,
    imapPort: imap.port,
    imapTls: false,
    username: imap.user,
    password: imap.password,
    requestTypeId: world.question.id,
    ...overrides,
  };
}

/** Saves the polled mailbox as an admin would, with some of its settings changed. */
function updatePolledMailbox(overrides: Partial<MailboxInput>): Promise<Mailbox> {
  return updateMailbox(world.core, world.admin, polled.id, imapDeskSettings(overrides));
}

beforeEach(async () => {
  world = await createMailWorld();
  // Each test gets its own mailbox address; the IMAP folder is shared, so tests start by reading it empty.
  polled = await createMailbox(world.core, world.admin, imapDeskSettings());
  await pollMailboxes(world.core);
});
afterEach(() => world.close());

async function ticketCount(): Promise<number> {
  return (await world.core.db.selectFrom('tickets').select('id').execute()).length;
}

describe('testMailboxConnection', () => {
  it('opens the folder and counts its messages', async () => {
    expect(await testMailboxConnection(world.core, world.admin, polled.id)).toMatchObject({ ok: true });
  });

  it('reports the server’s answer when the password is wrong', async () => {
    await updatePolledMailbox({ password: 'wrong' });
    const result = await testMailboxConnection(world.core, world.admin, polled.id);
    expect(result.ok).toBe(false);
  });
});

describe('pollMailboxes', () => {
  it('turns unseen mail into tickets and marks it seen; seen mail is left alone', async () => {
    await imap.append(eml({ subject: 'Already read' }), ['\\Seen']);
    await imap.append(eml({ subject: 'VPN drops' }));
    const summary = await pollMailboxes(world.core);
    expect(summary.mailboxes.find((entry) => entry.address === polled.address)).toMatchObject({
      counts: { ticket: 1 },
      error: null,
    });
    const tickets = await world.core.db.selectFrom('tickets').select(['subject', 'channel']).execute();
    expect(tickets).toEqual([{ subject: 'VPN drops', channel: 'email' }]);
    expect((await imap.messages()).every((message) => message.seen)).toBe(true);
  });

  it('shares one run between overlapping calls', async () => {
    await imap.append(eml({ subject: 'Only once please' }));
    const [first, second] = await Promise.all([pollMailboxes(world.core), pollMailboxes(world.core)]);
    expect(second).toBe(first);
    expect(await ticketCount()).toBe(1);
  });

  it('loses nothing and duplicates nothing when the poller is killed mid-batch and restarted', async () => {
    const subjects = ['First mail', 'Second mail', 'Third mail', 'Fourth mail'];
    for (const subject of subjects) await imap.append(eml({ subject }));
    const seenAtCommit: boolean[] = [];
    let committed = 0;
    const summary = await pollMailboxes(world.core, {
      hooks: {
        async afterCommit() {
          committed += 1;
          // The ticket is committed; its message must not be marked seen yet.
          const mine = (await imap.messages()).slice(-subjects.length);
          seenAtCommit.push(mine[committed - 1]!.seen);
          if (committed === 2) throw new Error('killed');
        },
      },
    });
    expect(summary.mailboxes.find((entry) => entry.address === polled.address)?.error).toBe('killed');
    expect(seenAtCommit).toEqual([false, false]);
    expect((await imap.messages()).slice(-subjects.length).map((message) => message.seen)).toEqual([
      true,
      false,
      false,
      false,
    ]);
    // A fresh run (as after a restart): the second message's ticket exists already and is not made again.
    await pollMailboxes(world.core);
    const tickets = await world.core.db.selectFrom('tickets').select('subject').orderBy('number').execute();
    expect(tickets.map((ticket) => ticket.subject)).toEqual(subjects);
    expect((await imap.messages()).every((message) => message.seen)).toBe(true);
    const outcomes = await world.core.db
      .selectFrom('mail_messages')
      .select('outcome')
      .where('direction', '=', 'in')
      .execute();
    expect(outcomes.map((row) => row.outcome)).toEqual(['ticket', 'ticket', 'ticket', 'ticket']);
  });

  it('records a connection failure on the mailbox and goes on with the others', async () => {
    await updatePolledMailbox({ password: 'wrong' });
    const summary = await pollMailboxes(world.core);
    expect(summary.mailboxes.find((entry) => entry.address === polled.address)?.error).toBeTruthy();
    const row = await world.core.db
      .selectFrom('mailboxes')
      .select('last_error')
      .where('id', '=', polled.id)
      .executeTakeFirstOrThrow();
    expect(row.last_error).toBeTruthy();
  });
});
