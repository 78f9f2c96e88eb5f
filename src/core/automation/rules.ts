import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import type { AutomationRuleTable } from './automation.table.ts';
import { ruleInputSchema, rulePatchSchema } from './schemas.ts';
import type { ParsedRuleInput, RuleAction, RuleCondition, RuleEvent, RuleInput, RulePatch } from './schemas.ts';

/** A saved automation rule. */
export interface Rule {
  id: string;
  name: string;
  active: boolean;
  position: number;
  stop: boolean;
  trigger: 'event' | 'schedule';
  events: RuleEvent[];
  onSystemEvents: boolean;
  conditions: RuleCondition[];
  actions: RuleAction[];
  createdAt: Date;
  updatedAt: Date;
}

export function rowToRule(row: Selectable<AutomationRuleTable>): Rule {
  return {
    id: row.id,
    name: row.name,
    active: row.active === 1,
    position: Number(row.position),
    stop: row.stop === 1,
    trigger: row.trigger,
    events: JSON.parse(row.events) as RuleEvent[],
    onSystemEvents: row.on_system_events === 1,
    conditions: JSON.parse(row.conditions) as RuleCondition[],
    actions: JSON.parse(row.actions) as RuleAction[],
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
  };
}

function ruleColumns(input: ParsedRuleInput) {
  return {
    name: input.name,
    active: input.active ? 1 : 0,
    stop: input.stop ? 1 : 0,
    trigger: input.trigger,
    events: JSON.stringify(input.trigger === 'event' ? input.events : []),
    on_system_events: input.onSystemEvents ? 1 : 0,
    conditions: JSON.stringify(input.conditions),
    actions: JSON.stringify(input.actions),
  };
}

/** Every rule in evaluation order; active ones only when asked (no permission check: the engine's view). */
export async function loadRules(core: Core, only?: { active: true; trigger?: 'event' | 'schedule' }): Promise<Rule[]> {
  let query = core.db.selectFrom('automation_rules').selectAll();
  if (only) query = query.where('active', '=', 1);
  if (only?.trigger) query = query.where('trigger', '=', only.trigger);
  const rows = await query.orderBy('position').orderBy('created_at').execute();
  return rows.map(rowToRule);
}

/** Every rule in evaluation order (admins). */
export async function listRules(core: Core, actor: Actor | null): Promise<Rule[]> {
  assertAdmin(actor);
  return loadRules(core);
}

/** One rule, or undefined (admins). */
export async function getRule(core: Core, actor: Actor | null, id: string): Promise<Rule | undefined> {
  assertAdmin(actor);
  const row = await core.db.selectFrom('automation_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToRule(row);
}

/** Adds a rule at the end of the order (admins). */
export async function createRule(core: Core, actor: Actor | null, raw: RuleInput): Promise<Rule> {
  assertAdmin(actor);
  const input = parseInput(ruleInputSchema, raw);
  const last = await core.db
    .selectFrom('automation_rules')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  const now = nowStored();
  const id = newId();
  await core.db
    .insertInto('automation_rules')
    .values({ id, ...ruleColumns(input), position: Number(last?.position ?? 0) + 1, created_at: now, updated_at: now })
    .execute();
  return (await getRule(core, actor, id))!;
}

/** Changes any of a rule's fields (the result is checked as a whole) and/or moves it one place (admins). */
export async function updateRule(core: Core, actor: Actor | null, id: string, raw: RulePatch): Promise<Rule> {
  assertAdmin(actor);
  const { move, ...patch } = parseInput(rulePatchSchema, raw);
  const rule = await getRule(core, actor, id);
  if (!rule) throw new PorticoError('not_found', 'No such rule.');
  await core.db.transaction().execute(async (trx) => {
    if (Object.keys(patch).length > 0) {
      const input = parseInput(ruleInputSchema, {
        name: rule.name,
        active: rule.active,
        stop: rule.stop,
        trigger: rule.trigger,
        events: rule.events,
        onSystemEvents: rule.onSystemEvents,
        conditions: rule.conditions,
        actions: rule.actions,
        ...patch,
      });
      await trx
        .updateTable('automation_rules')
        .set({ ...ruleColumns(input), updated_at: nowStored() })
        .where('id', '=', id)
        .execute();
    }
    if (move) {
      const neighbour = await trx
        .selectFrom('automation_rules')
        .select(['id', 'position'])
        .where('position', move === 'up' ? '<' : '>', rule.position)
        .orderBy('position', move === 'up' ? 'desc' : 'asc')
        .limit(1)
        .executeTakeFirst();
      if (neighbour) {
        await trx.updateTable('automation_rules').set({ position: neighbour.position }).where('id', '=', id).execute();
        await trx
          .updateTable('automation_rules')
          .set({ position: rule.position })
          .where('id', '=', neighbour.id)
          .execute();
      }
    }
  });
  return (await getRule(core, actor, id))!;
}

/** Deletes a rule and its firing records (admins). */
export async function deleteRule(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  const result = await core.db.deleteFrom('automation_rules').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new PorticoError('not_found', 'No such rule.');
}
