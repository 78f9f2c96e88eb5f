import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { ticketReference } from '../tickets/index.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { planActions } from './actions.ts';
import { conditionsHold } from './conditions.ts';
import { factsOf } from './facts.ts';
import { getRule } from './rules.ts';
import { ruleInputSchema } from './schemas.ts';
import type { RuleInput } from './schemas.ts';

/** One ticket a dry run matched, and what the rule would change on it. */
export interface DryRunMatch {
  number: number;
  reference: string;
  subject: string;
  changes: string[];
}

export interface DryRunResult {
  /** How many tickets were looked at (the last 100 by update time). */
  evaluated: number;
  matches: DryRunMatch[];
}

const sampleSize = 100;

/**
 * Evaluates a rule (saved, by id, or as typed in the form) against the last 100 tickets by update time
 * and says which would match and what each action would change, writing nothing (admins). Without a
 * triggering event, "reply came from customer" holds when the ticket has any customer reply.
 * @example
 * const { matches } = await dryRunRule(core, admin, { name: 'VPN', trigger: 'event', events: ['ticket.created'],
 *   conditions: [{ field: 'text', operator: 'contains', value: 'vpn' }], actions: [{ type: 'add_tag', value: 'vpn' }] });
 */
export async function dryRunRule(
  core: Core,
  actor: Actor | null,
  input: RuleInput | { id: string },
  now: Date = new Date(),
): Promise<DryRunResult> {
  assertAdmin(actor);
  let rule;
  if ('id' in input) {
    rule = await getRule(core, actor, input.id);
    if (!rule) throw new PorticoError('not_found', 'No such rule.');
  } else {
    rule = parseInput(ruleInputSchema, input);
  }
  const rows = await core.db
    .selectFrom('tickets')
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(sampleSize)
    .execute();
  const matches: DryRunMatch[] = [];
  for (const facts of await factsOf(core, rows)) {
    const withReply = { ...facts, fromCustomer: facts.row.last_customer_reply_at !== null };
    if (!conditionsHold(withReply, rule.conditions, now)) continue;
    const plan = await planActions(core, withReply, rule, false);
    const number = Number(facts.row.number);
    matches.push({ number, reference: ticketReference(number), subject: facts.row.subject, changes: plan.changes });
  }
  return { evaluated: rows.length, matches };
}
