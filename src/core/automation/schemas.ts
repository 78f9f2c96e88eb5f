import { z } from 'zod';
import { priorities } from '../tickets/index.ts';
import { conditionSchema } from './condition-schema.ts';

export { conditionFields, conditionOperators, conditionSchema, operatorsByField } from './condition-schema.ts';
export type { ConditionField, ConditionOperator, RuleCondition } from './condition-schema.ts';

/** The ticket events an event rule may react to. */
export const ruleEvents = [
  'ticket.created',
  'ticket.updated',
  'ticket.replied',
  'ticket.assigned',
  'ticket.resolved',
  'ticket.reopened',
] as const;
export type RuleEvent = (typeof ruleEvents)[number];

export const actionTypes = [
  'assign_group',
  'assign_agent',
  'set_priority',
  'set_status',
  'add_tag',
  'remove_tag',
  'add_note',
  'send_mail',
  'call_webhook',
] as const;
export type ActionType = (typeof actionTypes)[number];

/**
 * One action. `value` is: a group id; an agent id, `round_robin` or `least_loaded`; a priority; a status;
 * a tag; the note's text; the mail's recipient (`requester`, `assignee` or an address); a webhook id.
 */
export const actionSchema = z
  .object({
    type: z.enum(actionTypes, { error: 'Choose an action.' }),
    value: z.string().trim().min(1, 'Give a value.').max(10_000, 'Keep the value under 10,000 characters.'),
    subject: z.string().trim().max(200, 'Keep the subject under 200 characters.').default(''),
    text: z.string().trim().max(20_000, 'Keep the text under 20,000 characters.').default(''),
  })
  .strict()
  .superRefine((action, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if (action.type === 'set_priority' && !(priorities as readonly string[]).includes(action.value)) {
      issue('value', 'Choose a priority from P1 to P4.');
    }
    if (action.type === 'set_status' && !['open', 'pending', 'resolved', 'closed'].includes(action.value)) {
      issue('value', 'Choose open, pending, resolved or closed.');
    }
    if (action.type === 'add_tag' || action.type === 'remove_tag') {
      if (!/^[a-z0-9][a-z0-9 -]{0,39}$/.test(action.value.toLowerCase())) {
        issue('value', 'Tags use letters, digits, spaces and hyphens (at most 40).');
      }
    }
    if (action.type === 'send_mail') {
      if (!['requester', 'assignee'].includes(action.value) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(action.value)) {
        issue('value', 'Send to requester, assignee or an email address.');
      }
      if (action.subject === '') issue('subject', 'Give the mail a subject.');
      if (action.text === '') issue('text', 'Write the mail.');
    }
  });
export type RuleAction = z.output<typeof actionSchema>;

const ruleFields = {
  name: z
    .string({ error: 'Name the rule.' })
    .trim()
    .min(1, 'Name the rule.')
    .max(120, 'Keep the name under 120 characters.'),
  active: z.boolean(),
  stop: z.boolean(),
  trigger: z.enum(['event', 'schedule'], { error: 'Choose event or schedule.' }),
  events: z.array(z.enum(ruleEvents, { error: 'Choose ticket events.' })).max(ruleEvents.length),
  onSystemEvents: z.boolean(),
  conditions: z.array(conditionSchema).max(30, 'At most 30 conditions.'),
  actions: z.array(actionSchema).min(1, 'Add at least one action.').max(20, 'At most 20 actions.'),
};

export const ruleInputSchema = z
  .object({
    ...ruleFields,
    active: ruleFields.active.default(true),
    stop: ruleFields.stop.default(false),
    events: ruleFields.events.default([]),
    onSystemEvents: ruleFields.onSystemEvents.default(false),
    conditions: ruleFields.conditions.default([]),
  })
  .strict()
  .superRefine((rule, context) => {
    if (rule.trigger === 'event' && rule.events.length === 0) {
      context.addIssue({ code: 'custom', path: ['events'], message: 'Choose at least one event.' });
    }
  });
export type RuleInput = z.input<typeof ruleInputSchema>;
export type ParsedRuleInput = z.output<typeof ruleInputSchema>;

/** Any of a rule's fields (checked again as a whole), and/or a move one place up or down. */
export const rulePatchSchema = z
  .object({ ...ruleFields, move: z.enum(['up', 'down']) })
  .partial()
  .strict();
export type RulePatch = z.input<typeof rulePatchSchema>;
