import { z } from 'zod';
import { channels, priorities, ticketKinds, ticketStatuses } from '../tickets/index.ts';

/** What a condition can look at; `fields.<id>` (a request form's answer) is allowed besides these. */
export const conditionFields = [
  'kind',
  'requestType',
  'priority',
  'status',
  'group',
  'assignee',
  'tag',
  'text',
  'organisation',
  'channel',
  'createdMinutes',
  'updatedMinutes',
  'statusMinutes',
  'fromCustomer',
] as const;
export type ConditionField = (typeof conditionFields)[number];

export const conditionOperators = ['is', 'is_not', 'contains', 'has', 'has_not', 'at_least'] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

/** Which operators each field takes; form answers take is / is_not / contains. */
export const operatorsByField: Record<ConditionField | 'fields', readonly ConditionOperator[]> = {
  kind: ['is', 'is_not'],
  requestType: ['is', 'is_not'],
  priority: ['is', 'is_not'],
  status: ['is', 'is_not'],
  group: ['is', 'is_not'],
  assignee: ['is', 'is_not'],
  tag: ['has', 'has_not'],
  text: ['contains'],
  organisation: ['is', 'is_not'],
  channel: ['is', 'is_not'],
  createdMinutes: ['at_least'],
  updatedMinutes: ['at_least'],
  statusMinutes: ['at_least'],
  fromCustomer: ['is'],
  fields: ['is', 'is_not', 'contains'],
};

const enumValues: Partial<Record<ConditionField, readonly string[]>> = {
  kind: ticketKinds,
  priority: priorities,
  status: ticketStatuses,
  channel: channels,
  fromCustomer: ['true', 'false'],
};

export const conditionSchema = z
  .object({
    field: z
      .string()
      .trim()
      .refine(
        (field) => (conditionFields as readonly string[]).includes(field) || /^fields\.[\w-]{1,80}$/.test(field),
        {
          message: 'Choose a field to test.',
        },
      ),
    operator: z.enum(conditionOperators, { error: 'Choose how to compare.' }),
    value: z.string().trim().max(500, 'Keep the value under 500 characters.').default(''),
  })
  .strict()
  .superRefine((condition, context) => {
    const key = condition.field.startsWith('fields.') ? 'fields' : (condition.field as ConditionField);
    if (!operatorsByField[key].includes(condition.operator)) {
      context.addIssue({ code: 'custom', path: ['operator'], message: `Use ${operatorsByField[key].join(' or ')}.` });
    }
    const allowed = enumValues[key as ConditionField];
    if (allowed && !allowed.includes(condition.value)) {
      context.addIssue({ code: 'custom', path: ['value'], message: `Choose one of: ${allowed.join(', ')}.` });
    }
    if (condition.operator === 'at_least' && !/^\d{1,7}$/.test(condition.value)) {
      context.addIssue({ code: 'custom', path: ['value'], message: 'Give whole minutes.' });
    }
    if (['tag', 'text'].includes(key) && condition.value === '') {
      context.addIssue({ code: 'custom', path: ['value'], message: 'Give a value.' });
    }
  });
export type RuleCondition = z.output<typeof conditionSchema>;
