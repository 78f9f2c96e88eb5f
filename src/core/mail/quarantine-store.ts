import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { newId, nowStored } from '../db/values.ts';
import type { MailboxTable } from './mail.table.ts';
import type { InboundMail } from './parse.ts';
import { storeRaw } from './raw-store.ts';

/** Why a message waits in quarantine. */
export type QuarantineReason = 'too_large' | 'unparseable' | 'no_from' | 'rate_limited' | 'refused';

/** Keeps a message an admin must look at: raw, with the reason; nothing is ever silently dropped. */
export async function quarantineMessage(
  core: Core,
  raw: Buffer,
  mailbox: Selectable<MailboxTable> | null,
  mail: InboundMail | null,
  reason: QuarantineReason,
  detail: string,
): Promise<{ outcome: 'quarantined'; quarantineId: string; reason: string }> {
  const id = newId();
  await core.db
    .insertInto('mail_quarantine')
    .values({
      id,
      mailbox_id: mailbox?.id ?? null,
      reason,
      detail: detail.slice(0, 1000),
      from_address: mail?.from?.address ?? null,
      subject: mail?.subject.slice(0, 500) ?? null,
      message_id: mail?.hasMessageId ? mail.messageId : null,
      raw_file: await storeRaw(core, raw),
      size: raw.byteLength,
      created_at: nowStored(),
    })
    .execute();
  core.log.debug({ quarantineId: id, reason, detail }, 'mail quarantined');
  return { outcome: 'quarantined', quarantineId: id, reason: `${reason}: ${detail}` };
}
