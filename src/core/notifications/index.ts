/**
 * Notifications: mail to requesters (received, replied, waiting for you, resolved) and agents
 * (assigned, customer replied, mention in a note, SLA at risk or breached), sent by the durable job
 * queue through core.mail, from templates that admins can override, honouring agents' preferences.
 * @example
 * installNotifications(core); // once per process: subscribes to events and defines `mail.send`
 */

/**
 * Subscribes to ticket and SLA events and defines the `mail.send` job type (one job per recipient,
 * deduplicated by event, template and recipient; retried with backoff when SMTP fails).
 * @example
 * const core = createCore(loadConfig());
 * installNotifications(core);
 * setInterval(() => core.jobs.runDue(), 2000);
 */
export { installNotifications, mailAttempts } from './install.ts';

/**
 * The `mail.send` job type's name and payload: `{ to, subject, text }` for a ready message, or a
 * notification's ids, composed when the job runs.
 * @example
 * await enqueueJob(trx, mailJobType, { to: 'kim@example.org', subject: 'Hi', text: '…' });
 */
export { mailJobType } from './mail-job.ts';
export type { MailJobPayload, NotificationJob } from './mail-job.ts';

/**
 * Templates: every key, its audience and the placeholders it may use; admins list, override, reset and
 * preview them. Saving an unknown placeholder fails with `invalid_input` listing the allowed ones.
 * @example
 * await saveNotificationTemplate(core, admin, 'request.resolved', { subject: '[{{ticket.reference}}] Done', text: '{{link}}' });
 * const { subject, text } = await previewNotificationTemplate(core, admin, 'request.resolved');
 */
export {
  getNotificationTemplate,
  listNotificationTemplates,
  resetNotificationTemplate,
  saveNotificationTemplate,
  templateInputSchema,
} from './template-store.ts';
export type { NotificationTemplate, TemplateInput } from './template-store.ts';
export { previewNotificationTemplate } from './preview.ts';
export { agentNotificationTopics, defaultTemplates, notificationTemplateKeys } from './templates.ts';
export type { AgentTopic, Audience, TemplateKey } from './templates.ts';

/**
 * An agent's own choice of agent notifications (customers' request mails are always sent).
 * @example
 * await setNotificationPreferences(core, agent, { sla: false });
 * (await getNotificationPreferences(core, agent)).sla; // false
 */
export { getNotificationPreferences, setNotificationPreferences } from './preferences.ts';
export type { NotificationPreferences } from './preferences.ts';
