import type { Core } from '../context.ts';
import type { DeliveredEvent, EventType } from '../events/index.ts';
import { enqueueJob } from '../jobs/index.ts';
import { defineMailJob, mailJobType } from './mail-job.ts';
import type { NotificationJob } from './mail-job.ts';
import { usersWithTopicOff } from './preferences.ts';
import { plansForSlaEvent, plansForTicketEvent } from './recipients.ts';
import type { MailPlan } from './recipients.ts';
import { defaultTemplates } from './templates.ts';

const ticketEvents = [
  'ticket.created',
  'ticket.replied',
  'ticket.updated',
  'ticket.assigned',
  'ticket.resolved',
] as const satisfies readonly EventType[];

/** Attempts per mail before it is given up on: with the queue's doubling backoff (capped at 1 h), about 5 hours. */
export const mailAttempts = 12;

interface EventPlans {
  event: DeliveredEvent;
  plans: MailPlan[];
}

/**
 * Drops mails nobody should get (deactivated people; agents' own actions; agent topics turned off;
 * agent mail to customers) and enqueues the rest of a batch of events in one transaction, each under
 * a dedupe key, so an event delivered twice enqueues each mail once.
 */
async function enqueuePlans(core: Core, batch: EventPlans[]): Promise<void> {
  const plans = batch.flatMap(({ plans }) => plans);
  if (plans.length === 0) return;
  const ids = [...new Set(plans.map((plan) => plan.recipientId))];
  const people = await core.db.selectFrom('users').select(['id', 'role', 'active']).where('id', 'in', ids).execute();
  const off = new Map<string, Set<string>>();
  for (const topic of new Set(plans.map((plan) => defaultTemplates[plan.template].topic))) {
    if (topic) off.set(topic, await usersWithTopicOff(core.db, ids, topic));
  }
  const isWanted = (event: DeliveredEvent, plan: MailPlan) => {
    const person = people.find((row) => row.id === plan.recipientId);
    if (!person || person.active !== 1) return false;
    const { audience, topic } = defaultTemplates[plan.template];
    // A customer who opened a request still wants the confirmation; otherwise nobody hears of their own act.
    if (plan.recipientId === event.actorId && plan.template !== 'request.received') return false;
    if (audience === 'customer') return true;
    return person.role !== 'customer' && !(topic && off.get(topic)?.has(person.id));
  };
  const wanted = batch.flatMap(({ event, plans }) =>
    plans.filter((plan) => isWanted(event, plan)).map((plan) => ({ event, plan })),
  );
  if (wanted.length === 0) return;
  await core.db.transaction().execute(async (trx) => {
    for (const { event, plan } of wanted) {
      const job: NotificationJob = {
        template: plan.template,
        ticketId: event.subjectId,
        recipientId: plan.recipientId,
        messageId: plan.messageId ?? null,
        sla: plan.sla ?? null,
      };
      await enqueueJob(trx, mailJobType, job, {
        dedupeKey: `${event.id}:${plan.template}:${plan.recipientId}`,
        maxAttempts: mailAttempts,
      });
    }
  });
}

/**
 * Wires notifications into a core: defines the `mail.send` job type and subscribes to ticket and SLA
 * events, enqueueing one job per recipient. Call once per process, before events are dispatched.
 */
export function installNotifications(core: Core): void {
  defineMailJob(core);
  core.events.onBatch(ticketEvents, async (events) => {
    const batch: EventPlans[] = [];
    for (const event of events) batch.push({ event, plans: await plansForTicketEvent(core.db, event) });
    await enqueuePlans(core, batch);
  });
  // SLA events come from src/core/sla (the SLA breach job), with the target and its due time.
  const slaEvents = [
    ['sla.at_risk', 'agent.sla_at_risk'],
    ['sla.breached', 'agent.sla_breached'],
  ] as const;
  for (const [type, template] of slaEvents) {
    core.events.on(type, async (event) => {
      const ticketId = event.payload.ticketId;
      const plans = await plansForSlaEvent(core.db, template, ticketId, event.payload);
      await enqueuePlans(core, [{ event: { ...event, subjectId: ticketId }, plans }]);
    });
  }
}
