import { z } from 'zod';
import {
  actionSchema,
  conditionSchema,
  ruleEvents,
  ruleInputSchema,
  rulePatchSchema,
} from '../core/automation/index.ts';
import type { DryRunResult, Rule } from '../core/automation/index.ts';
import type { ApiOperation } from './api-routes.ts';

export const ruleResource = z
  .object({
    id: z.string(),
    name: z.string(),
    active: z.boolean(),
    position: z.number().int().meta({ description: 'Evaluation order, lowest first' }),
    stop: z.boolean().meta({ description: 'When the rule matches, no later rule is evaluated for the ticket' }),
    trigger: z
      .enum(['event', 'schedule'])
      .meta({ description: 'schedule: evaluated every minute against open tickets' }),
    events: z.array(z.enum(ruleEvents)),
    onSystemEvents: z.boolean().meta({ description: 'Also react to changes made by Portico itself (other rules)' }),
    conditions: z.array(conditionSchema).meta({ description: 'ALL must hold' }),
    actions: z.array(actionSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'AutomationRule' });

export const dryRunResource = z
  .object({
    evaluated: z.number().int().meta({ description: 'Tickets looked at: the last 100 by update time' }),
    matches: z.array(
      z.object({
        number: z.number().int(),
        reference: z.string(),
        subject: z.string(),
        changes: z.array(z.string()).meta({ description: 'What each action would change, for people' }),
      }),
    ),
  })
  .meta({ id: 'AutomationDryRun' });

export const dryRunBody = z.union([z.object({ id: z.string().min(1) }).strict(), ruleInputSchema]);

export function ruleToJson(rule: Rule): z.infer<typeof ruleResource> {
  return {
    id: rule.id,
    name: rule.name,
    active: rule.active,
    position: rule.position,
    stop: rule.stop,
    trigger: rule.trigger,
    events: rule.events,
    onSystemEvents: rule.onSystemEvents,
    conditions: rule.conditions,
    actions: rule.actions,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

export function dryRunToJson(result: DryRunResult): z.infer<typeof dryRunResource> {
  return result;
}

/** The automation rules REST API (admins); spread into `apiOperations`. */
export const ruleApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/rules',
    summary: 'List automation rules in evaluation order (admins)',
    audience: 'admin',
    response: z.object({ rules: z.array(ruleResource) }),
  },
  {
    method: 'post',
    path: '/rules',
    summary: 'Add an automation rule at the end of the order (admins)',
    audience: 'admin',
    body: ruleInputSchema,
    response: z.object({ rule: ruleResource }),
    status: 201,
  },
  {
    method: 'post',
    path: '/rules/dry-run',
    summary:
      'Evaluate a rule (saved, as {id}, or as a rule body) against the last 100 tickets; says which match and ' +
      'what would change, changing nothing (admins)',
    audience: 'admin',
    body: dryRunBody,
    response: dryRunResource,
  },
  {
    method: 'get',
    path: '/rules/{id}',
    summary: 'One automation rule (admins)',
    audience: 'admin',
    response: z.object({ rule: ruleResource }),
  },
  {
    method: 'patch',
    path: '/rules/{id}',
    summary: 'Change any of a rule’s fields, or move it one place up or down with {"move":"up"} (admins)',
    audience: 'admin',
    body: rulePatchSchema,
    response: z.object({ rule: ruleResource }),
  },
  {
    method: 'delete',
    path: '/rules/{id}',
    summary: 'Delete an automation rule (admins)',
    audience: 'admin',
    response: z.null().meta({ description: 'No content' }),
    status: 204,
  },
];
