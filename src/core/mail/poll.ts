import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { nowStored } from '../db/values.ts';
import { ingestMessage } from './ingest.ts';
import type { IngestHooks, IngestResult } from './ingest.ts';
import type { MailboxTable } from './mail.table.ts';
import { imapClient } from './mailboxes.ts';

/** What one poll did, per mailbox address: outcomes counted, or the error that stopped it. */
export interface PollSummary {
  mailboxes: { address: string; counts: Partial<Record<IngestResult['outcome'], number>>; error: string | null }[];
}

export interface PollOptions {
  hooks?: IngestHooks;
  /** At most this many messages per mailbox and run (default 200); the rest wait for the next run. */
  batch?: number;
}

const running = new WeakMap<Core, Promise<PollSummary>>();

/**
 * Reads one mailbox: each unseen message is ingested, and only once its ticket or reply is committed
 * (or it was recorded as skipped or quarantined) is it marked \Seen. A run killed half-way leaves the
 * rest unseen, and the Message-ID record stops a message fetched again from being processed twice.
 */
export async function pollMailbox(
  core: Core,
  row: Selectable<MailboxTable>,
  options: PollOptions = {},
): Promise<Partial<Record<IngestResult['outcome'], number>>> {
  const counts: Partial<Record<IngestResult['outcome'], number>> = {};
  const client = imapClient(core, row);
  client.on('error', (error: Error) => core.log.warn({ mailbox: row.address, err: error }, 'IMAP connection error'));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(row.folder);
    try {
      const found = (await client.search({ seen: false }, { uid: true })) || [];
      const uids = [...found].sort((a, b) => a - b).slice(0, options.batch ?? 200);
      for (const uid of uids) {
        // BODY.PEEK: fetching does not set \Seen; only the STORE below does, after the commit.
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        const result = await ingestMessage(core, message.source, {
          mailbox: row,
          ...(options.hooks && { hooks: options.hooks }),
        });
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return counts;
}

async function pollAll(core: Core, options: PollOptions): Promise<PollSummary> {
  const rows = await core.db
    .selectFrom('mailboxes')
    .selectAll()
    .where('active', '=', 1)
    .where('imap_host', 'is not', null)
    .orderBy('created_at')
    .execute();
  const summary: PollSummary = { mailboxes: [] };
  for (const row of rows) {
    let error: string | null = null;
    let counts: Partial<Record<IngestResult['outcome'], number>> = {};
    try {
      counts = await pollMailbox(core, row, options);
    } catch (failure) {
      const detail = failure as { responseText?: string; message?: string };
      error = (detail.responseText ?? detail.message ?? String(failure)).slice(0, 500);
      core.log.error({ mailbox: row.address, err: failure }, 'polling a mailbox failed');
    }
    await core.db
      .updateTable('mailboxes')
      .set({ last_polled_at: nowStored(), last_error: error })
      .where('id', '=', row.id)
      .execute();
    summary.mailboxes.push({ address: row.address, counts, error });
  }
  return summary;
}

/**
 * Polls every active mailbox with an IMAP server once. Safe to call every 30 s: a call made while a
 * run is under way gets that run's result instead of starting another. A mailbox that fails (server
 * down, wrong password) is skipped, its error shown to admins, and tried again next time.
 * @example
 * setInterval(() => void pollMailboxes(core), 30_000);
 */
export function pollMailboxes(core: Core, options: PollOptions = {}): Promise<PollSummary> {
  const current = running.get(core);
  if (current) return current;
  const run = pollAll(core, options).finally(() => running.delete(core));
  running.set(core, run);
  return run;
}
