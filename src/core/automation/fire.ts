import type { Core } from '../context.ts';
import { newId, nowStored } from '../db/values.ts';
import { enqueueJob } from '../jobs/index.ts';
import { mailJobType } from '../notifications/index.ts';
import type { TicketPatch } from '../tickets/index.ts';
import { recordTicketHistory, replyToTicket, ticketReference, updateTicket } from '../tickets/index.ts';
import { systemActor } from '../users/index.ts';
import { deliverJobType } from '../webhooks/index.ts';
import { planActions } from './actions.ts';
import type { TicketFacts } from './facts.ts';
import type { Rule } from './rules.ts';

/** The event type of a rule's webhook call, as the receiver sees it in `type` and `Portico-Event`. */
export const ruleWebhookEventType = 'automation.rule';

/**
 * Whether the rule already fired on this ticket and the ticket has not changed since: the cooldown that
 * keeps a rule from firing on its own changes, or every minute on the same pending ticket.
 */
export async function coolingDown(core: Core, ruleId: string, facts: TicketFacts): Promise<boolean> {
  const firing = await core.db
    .selectFrom('automation_firings')
    .select('ticket_updated_at')
    .where('rule_id', '=', ruleId)
    .where('ticket_id', '=', facts.row.id)
    .executeTakeFirst();
  return firing !== undefined && firing.ticket_updated_at >= facts.row.updated_at;
}

/**
 * Applies a rule's actions to a ticket as Portico (the system actor), through the tickets core so its
 * history and events stay right; then, in one transaction, records the firing in the ticket's history
 * (field `rule`), queues its mails and webhook calls, and starts the cooldown.
 */
export async function fireRule(core: Core, facts: TicketFacts, rule: Rule, now: Date): Promise<void> {
  const plan = await planActions(core, facts, rule, true);
  const number = Number(facts.row.number);
  if (Object.keys(plan.patch).length > 0) {
    await updateTicket(core, systemActor, number, plan.patch as TicketPatch);
  }
  for (const body of plan.notes) await replyToTicket(core, systemActor, number, { body, internal: true });
  const at = nowStored();
  await core.db.transaction().execute(async (trx) => {
    await recordTicketHistory(trx, facts.row.id, null, [{ field: 'rule', from: null, to: rule.name }], at);
    for (const mail of plan.mails) await enqueueJob(trx, mailJobType, mail);
    for (const webhookId of plan.webhookIds) {
      const eventId = newId();
      await enqueueJob(
        trx,
        deliverJobType,
        {
          webhookId,
          deliveryId: newId(),
          eventId,
          type: ruleWebhookEventType,
          createdAt: now.toISOString(),
          data: {
            rule: { id: rule.id, name: rule.name },
            ticket: {
              id: facts.row.id,
              number,
              reference: ticketReference(number),
              subject: facts.row.subject,
            },
          },
        },
        { dedupeKey: `webhook:${eventId}:${webhookId}`, maxAttempts: 8 },
      );
    }
    const current = await trx
      .selectFrom('tickets')
      .select('updated_at')
      .where('id', '=', facts.row.id)
      .executeTakeFirstOrThrow();
    await trx
      .deleteFrom('automation_firings')
      .where('rule_id', '=', rule.id)
      .where('ticket_id', '=', facts.row.id)
      .execute();
    await trx
      .insertInto('automation_firings')
      .values({ rule_id: rule.id, ticket_id: facts.row.id, ticket_updated_at: current.updated_at, fired_at: at })
      .execute();
  });
}
