import { z } from 'zod';
import type { Core } from '../context.ts';
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
const plainMailSchema = z.object({ to: z.string().min(3), subject: z.string(), text: z.string() });

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
      if (mail) await core.mail.send(mail);
    },
  });
}
