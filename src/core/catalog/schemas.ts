import { z } from 'zod';
import type { Priority, TicketKind } from './catalog.table.ts';
import { formDefinitionSchema } from './form-definition.ts';

/**
 * The icons a request type may show in the portal's catalog.
 * @example
 * requestTypeIcons.includes(type.icon as RequestTypeIcon);
 */
export const requestTypeIcons = [
  'alert',
  'laptop',
  'user-plus',
  'key',
  'question',
  'package',
  'wrench',
  'mail',
] as const;
export type RequestTypeIcon = (typeof requestTypeIcons)[number];

/**
 * The ticket kinds a request type may open, and the priorities it may default to.
 * @example
 * requestTypeKinds.map((kind) => ({ value: kind, label: t(`catalog.kind.${kind}`) }));
 */
export const requestTypeKinds = [
  'incident',
  'service_request',
  'problem',
  'change',
] as const satisfies readonly TicketKind[];
/** @example requestTypePriorities.includes('P2'); // true */
export const requestTypePriorities = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];

const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lower-case letters, digits and hyphens, like request-software.')
  .max(80, 'Use at most 80 characters.');

const requestTypeFields = {
  name: z.string('Enter a name.').trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  slug: slugSchema,
  description: z.string().trim().max(1000, 'Use at most 1,000 characters.'),
  icon: z.enum(requestTypeIcons, 'Choose one of the icons.'),
  category: z.string().trim().min(1, 'Enter a category.').max(80, 'Use at most 80 characters.'),
  kind: z.enum(requestTypeKinds, 'Choose incident, service request, problem or change.'),
  defaultGroupId: z.string().min(1).nullable(),
  defaultPriority: z.enum(requestTypePriorities, 'Choose a priority from P1 to P4.'),
  active: z.boolean(),
  position: z
    .number('Enter a whole number.')
    .int('Enter a whole number.')
    .min(0, 'Enter 0 or more.')
    .max(10_000, 'Enter at most 10,000.'),
  form: formDefinitionSchema,
};

/**
 * A new request type; the slug is made from the name when left out.
 * @example
 * const input = parseInput(requestTypeInputSchema, { name: 'Request software', kind: 'service_request' });
 */
export const requestTypeInputSchema = z.strictObject({
  ...requestTypeFields,
  slug: requestTypeFields.slug.optional(),
  description: requestTypeFields.description.default(''),
  icon: requestTypeFields.icon.default('question'),
  category: requestTypeFields.category.default('General'),
  kind: requestTypeFields.kind.default('service_request'),
  defaultGroupId: requestTypeFields.defaultGroupId.default(null),
  defaultPriority: requestTypeFields.defaultPriority.default('P3'),
  active: requestTypeFields.active.default(true),
  position: requestTypeFields.position.default(0),
  form: requestTypeFields.form.default({ fields: [] }),
});
export type RequestTypeInput = z.input<typeof requestTypeInputSchema>;

/**
 * Without defaults: what a patch leaves out stays as it is. Unknown properties are refused.
 * @example
 * const patch = parseInput(requestTypePatchSchema, { active: false });
 */
export const requestTypePatchSchema = z.strictObject(requestTypeFields).partial();
export type RequestTypePatch = z.input<typeof requestTypePatchSchema>;
