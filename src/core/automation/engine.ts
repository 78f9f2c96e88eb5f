import type { Core } from '../context.ts';
import { isPorticoError } from '../errors.ts';
import type { DeliveredEvent } from '../events/index.ts';
import { conditionsHold } from './conditions.ts';
import { factsOf, ticketFacts } from './facts.ts';
import type { TicketFacts } from './facts.ts';
import { coolingDown, fireRule } from './fire.ts';
import { loadRules } from './rules.ts';
import type { Rule } from './rules.ts';
import { ruleEvents } from './schemas.ts';

/**
 * Evaluates rules in order on one ticket: each whose conditions all hold fires (unless cooling down),
 * later rules see its changes, and a matching rule with the stop flag ends the evaluation. A rule that
 * fails (a closed ticket, a refused transition) is logged and the next one is tried. Returns the names fired.
 */
export async function evaluateTicket(core: Core, start: TicketFacts, rules: Rule[], now: Date): Promise<string[]> {
  const fired: string[] = [];
  let facts = start;
  for (const rule of rules) {
    if (!conditionsHold(facts, rule.conditions, now)) continue;
    if (!(await coolingDown(core, rule.id, facts))) {
      try {
        await fireRule(core, facts, rule, now);
        fired.push(rule.name);
      } catch (error) {
        if (!isPorticoError(error)) throw error;
        core.log.warn({ err: error, ruleId: rule.id, ticketId: facts.row.id }, 'automation rule could not apply');
      }
      const reloaded = await ticketFacts(core, facts.row.id);
      if (!reloaded) break;
      facts = { ...reloaded, fromCustomer: facts.fromCustomer };
    }
    if (rule.stop) break;
  }
  return fired;
}

async function onTicketEvent(core: Core, event: DeliveredEvent): Promise<void> {
  // Changes made by Portico itself (rules included) carry no actor: only rules that opt in see them.
  const bySystem = event.actorId === null || event.actorId === 'system';
  const rules = (await loadRules(core, { active: true, trigger: 'event' })).filter(
    (rule) => (rule.events as string[]).includes(event.type) && (!bySystem || rule.onSystemEvents),
  );
  if (rules.length === 0) return;
  const facts = await ticketFacts(core, event.subjectId);
  if (!facts) return;
  const payload = event.payload as { fromCustomer?: boolean };
  await evaluateTicket(
    core,
    { ...facts, fromCustomer: event.type === 'ticket.replied' ? payload.fromCustomer === true : null },
    rules,
    new Date(),
  );
}

/**
 * Subscribes event rules to the ticket events. Call once per process.
 * @example
 * installAutomation(core);
 */
export function installAutomation(core: Core): void {
  for (const type of ruleEvents) core.events.on(type, (event) => onTicketEvent(core, event));
}

const pageSize = 500;

/**
 * Evaluates the active schedule rules against every open ticket (for time conditions such as "pending
 * for 5 days"); each rule fires at most once per ticket until the ticket changes. Run once a minute.
 * Resolves with how many times rules fired.
 * @example
 * await runScheduledRules(core, new Date());
 */
export async function runScheduledRules(core: Core, now: Date = new Date()): Promise<number> {
  const rules = await loadRules(core, { active: true, trigger: 'schedule' });
  if (rules.length === 0) return 0;
  let fired = 0;
  let after = '';
  for (;;) {
    const rows = await core.db
      .selectFrom('tickets')
      .selectAll()
      .where('is_open', '=', 1)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return fired;
    for (const facts of await factsOf(core, rows)) fired += (await evaluateTicket(core, facts, rules, now)).length;
    after = rows[rows.length - 1]!.id;
  }
}
