/**
 * Automation rules: ordered rules that, on ticket events or once a minute, test a ticket's fields and act
 * on it (assign, set priority/status/tags, add a note, send a mail, call a webhook) as Portico itself.
 * @example
 * installAutomation(core); // once per process
 * await createRule(core, admin, { name: 'VPN to network', trigger: 'event', events: ['ticket.created'],
 *   conditions: [{ field: 'text', operator: 'contains', value: 'vpn' }],
 *   actions: [{ type: 'assign_group', value: networkGroup.id }, { type: 'assign_agent', value: 'round_robin' }] });
 * setInterval(() => runScheduledRules(core, new Date()), 60_000);
 */

/**
 * Subscribes event rules to ticket events (call once per process); `runScheduledRules` evaluates schedule
 * rules against open tickets (call once a minute).
 * @example
 * installAutomation(core);
 * const fired = await runScheduledRules(core, new Date());
 */
export { installAutomation, runScheduledRules } from './engine.ts';

/**
 * Rules, managed by admins: list in evaluation order, read, create (at the end), update (any field, or
 * `move: 'up' | 'down'`), delete.
 * @example
 * const rule = await createRule(core, admin, { name: 'Nudge', trigger: 'schedule',
 *   conditions: [{ field: 'status', operator: 'is', value: 'pending' }, { field: 'statusMinutes', operator: 'at_least', value: '7200' }],
 *   actions: [{ type: 'send_mail', value: 'requester', subject: '{{ticket.reference}} waits for you', text: '{{ticket.link}}' }] });
 * await updateRule(core, admin, rule.id, { move: 'up' });
 */
export { createRule, deleteRule, getRule, listRules, updateRule } from './rules.ts';
export type { Rule } from './rules.ts';

/**
 * Dry run: which of the last 100 tickets a rule would match and what it would change; writes nothing.
 * @example
 * const { evaluated, matches } = await dryRunRule(core, admin, { id: rule.id });
 */
export { dryRunRule } from './dry-run.ts';
export type { DryRunMatch, DryRunResult } from './dry-run.ts';

/**
 * The input schemas and vocabularies (events, condition fields and operators, action types) that forms and
 * the API parse with.
 * @example
 * const input = parseInput(ruleInputSchema, body);
 */
export {
  actionSchema,
  actionTypes,
  conditionFields,
  conditionOperators,
  conditionSchema,
  operatorsByField,
  ruleEvents,
  ruleInputSchema,
  rulePatchSchema,
} from './schemas.ts';
export type {
  ActionType,
  ConditionField,
  ConditionOperator,
  RuleAction,
  RuleCondition,
  RuleEvent,
  RuleInput,
  RulePatch,
} from './schemas.ts';

/**
 * The `type` of a rule's webhook call (sent through the webhooks' `webhook.deliver` job to a saved hook).
 * @example
 * if (body.type === ruleWebhookEventType) handleRule(body.data);
 */
export { ruleWebhookEventType } from './fire.ts';
