import { z } from 'zod';
import type { Core } from '../context.ts';
import { recordOutbound } from '../mail/thread.ts';
import { composeNotification } from './compose.ts';
import type { NotificationJob } from './compose.ts';
import { notificationTemplateKeys } from './templates.ts';

export type { NotificationJob } from './compose.ts';

export const mailJobType = 'mail.send';

const notificationSchema = z.object({
  template: z.enum(notificationTemplateKeys),
  ticketId: z.string(),
  recipientId: z.string(),
  messageId: z.string().nullable(),
  sla: z.object({ target: z.string(), due: z.string() }).nullable(),
});
const plainMailSchema = z.object({
  to: z.string().min(3),
  subject: z.string(),
  text: z.string(),
  messageId: z.string().optional(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
  replyTo: z.string().optional(),
  autoSubmitted: z.enum(['auto-generated', 'auto-replied']).optional(),
});

/** A `mail.send` job's payload: a ready message, or a notification composed when it is sent. */
export type MailJobPayload = z.infer<typeof plainMailSchema> | NotificationJob;

/**
 * Defines `mail.send`: sends through core.mail; a failure (SMTP down, a 4xx/5xx answer) throws, so
 * the queue retries it with backoff. A payload that can never be sent is logged and dropped.
 */
export function defineMailJob(core: Core): void {
  core.jobs.define<unknown>({
    type: mailJobType,
    async run(payload) {
      const plain = plainMailSchema.safeParse(payload);
      if (plain.success) {
        await core.mail.send(plain.data);
        return;
      }
      const notification = notificationSchema.safeParse(payload);
      if (!notification.success) {
        core.log.error({ payload }, 'mail.send job with an unreadable payload; dropped');
        return;
      }
      const mail = await composeNotification(core, notification.data);
      if (!mail) return;
      await core.mail.send(mail);
      // Remembered once sent: answers to it thread onto the ticket, and it is never ingested as new mail.
      if (mail.messageId) {
        await recordOutbound(core, {
          messageId: mail.messageId,
          ticketId: notification.data.ticketId,
          to: mail.to,
          subject: mail.subject,
        });
      }
    },
  });
}
