import { z } from 'zod';
import { fieldKinds, requestTypeIcons, requestTypeKinds, requestTypePriorities } from '../core/catalog/index.ts';
import type { RequestType } from '../core/catalog/index.ts';
import type { ApiOperation } from './api-routes.ts';

export const listRequestTypesQuery = z.object({
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Agents and admins only: list deactivated request types too' }),
});

export const formFieldResource = z
  .object({
    id: z.string(),
    kind: z.enum(fieldKinds),
    label: z.string(),
    help: z.string(),
    required: z.boolean(),
    options: z.array(z.string()).meta({ description: 'The choices of select and multi_select fields' }),
    min: z
      .number()
      .nullable()
      .meta({ description: 'number: the lowest value; text and textarea: the fewest characters' }),
    max: z
      .number()
      .nullable()
      .meta({ description: 'number: the highest value; text and textarea: the most characters' }),
    pattern: z.string().nullable().meta({ description: 'text: a regular expression the whole answer must match' }),
    showWhen: z
      .object({ field: z.string(), equals: z.string() })
      .nullable()
      .meta({ description: 'Ask this field only when an earlier field has this answer' }),
  })
  .meta({ id: 'FormField' });

export const requestTypeResource = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    icon: z.enum(requestTypeIcons),
    category: z.string(),
    kind: z.enum(requestTypeKinds),
    defaultGroupId: z.string().nullable(),
    defaultPriority: z.enum(requestTypePriorities),
    active: z.boolean(),
    formVersion: z.number().int().meta({ description: 'Bumped on every change of the form' }),
    form: z.object({ fields: z.array(formFieldResource) }),
  })
  .meta({ id: 'RequestType' });

export function requestTypeToJson(type: RequestType): z.infer<typeof requestTypeResource> {
  return {
    id: type.id,
    slug: type.slug,
    name: type.name,
    description: type.description,
    icon: type.icon as z.infer<typeof requestTypeResource>['icon'],
    category: type.category,
    kind: type.kind,
    defaultGroupId: type.defaultGroupId,
    defaultPriority: type.defaultPriority,
    active: type.active,
    formVersion: type.formVersion,
    form: type.form,
  };
}

/** The service catalog's REST operations, for the OpenAPI document (wired into apiOperations by the lead). */
export const catalogApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/request-types',
    summary:
      'List the service catalog: active request types with their forms (agents and admins may ask for inactive ones)',
    audience: 'public',
    query: listRequestTypesQuery,
    response: z.object({ requestTypes: z.array(requestTypeResource) }),
    errors: ['401', '403'],
  },
];
