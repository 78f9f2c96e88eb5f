import { pluginApiOperations } from './api-routes-plugins.ts';
import { z } from 'zod';
import { articleInputSchema, articlePatchSchema } from '../core/kb/index.ts';
import { groupInputSchema, newUserSchema, roleSchema, userPatchSchema } from '../core/users/index.ts';
import {
  articleDetailResource,
  articleResource,
  errorResource,
  groupResource,
  searchResource,
  userResource,
} from './api-schemas.ts';
import { catalogApiOperations } from './api-routes-catalog.ts';
import { ticketApiOperations } from './api-routes-tickets.ts';
import { webhookApiOperations } from './api-routes-webhooks.ts';
import { ruleApiOperations } from './api-routes-rules.ts';
import { approvalApiOperations } from './api-routes-approvals.ts';
import { slaApiOperations } from './api-routes-sla.ts';

/** Who may call an operation; the authorization tests read this table. */
export type Audience = 'public' | 'user' | 'staff' | 'admin';

export interface ApiOperation {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI path template, relative to /api/v1. */
  path: string;
  summary: string;
  audience: Audience;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Error statuses this operation answers besides its audience's usual ones. */
  errors?: string[];
}

export const listUsersQuery = z.object({
  role: roleSchema.optional(),
  q: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const listArticlesQuery = z.object({
  category: z.string().trim().max(80).optional().meta({ description: 'A category slug (or id)' }),
  tag: z.string().trim().toLowerCase().max(40).optional(),
  q: z.string().trim().max(200, 'Search with at most 200 characters.').optional().meta({
    description: 'Words in the title; use /search for full-text search',
  }),
  status: z.enum(['draft', 'published']).optional().meta({ description: 'Agents and admins only see drafts' }),
  visibility: z.enum(['public', 'internal']).optional().meta({ description: 'Only agents and admins see internal' }),
  sort: z.enum(['position', 'updated', 'popular']).default('position'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const searchQuery = z.object({
  q: z.string().trim().max(200, 'Search with at most 200 characters.').default(''),
  category: z.string().trim().max(80).optional().meta({ description: 'A category slug' }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});

/** Every REST operation: the OpenAPI document is generated from this table and its zod schemas. */
export const apiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/me',
    summary: 'The authenticated user',
    audience: 'user',
    response: z.object({ user: userResource }),
  },
  {
    method: 'get',
    path: '/users',
    summary: 'List users (agents and admins)',
    audience: 'staff',
    query: listUsersQuery,
    response: z.object({ users: z.array(userResource), total: z.number().int() }),
  },
  {
    method: 'post',
    path: '/users',
    summary: 'Create a user (admins)',
    audience: 'admin',
    body: newUserSchema,
    response: z.object({ user: userResource }),
    status: 201,
  },
  {
    method: 'get',
    path: '/users/{id}',
    summary: 'One user (agents and admins)',
    audience: 'staff',
    response: z.object({ user: userResource }),
  },
  {
    method: 'patch',
    path: '/users/{id}',
    summary: 'Change or deactivate a user (admins)',
    audience: 'admin',
    body: userPatchSchema,
    response: z.object({ user: userResource }),
  },
  {
    method: 'get',
    path: '/groups',
    summary: 'List agent groups (agents and admins)',
    audience: 'staff',
    response: z.object({ groups: z.array(groupResource) }),
  },
  {
    method: 'post',
    path: '/groups',
    summary: 'Create an agent group (admins)',
    audience: 'admin',
    body: groupInputSchema,
    response: z.object({ group: groupResource }),
    status: 201,
  },
  {
    method: 'get',
    path: '/articles',
    summary: 'List knowledge-base articles the caller may read (anonymous: published public ones)',
    audience: 'public',
    query: listArticlesQuery,
    response: z.object({ articles: z.array(articleResource), total: z.number().int() }),
  },
  {
    method: 'post',
    path: '/articles',
    summary: 'Create an article (agents and admins); categoryId may also be a category slug',
    audience: 'staff',
    body: articleInputSchema,
    response: z.object({ article: articleDetailResource }),
    status: 201,
    errors: ['409', '422'],
  },
  {
    method: 'get',
    path: '/articles/{slug}',
    summary: 'One article with its rendered HTML and table of contents',
    audience: 'public',
    response: z.object({ article: articleDetailResource }),
    errors: ['404'],
  },
  {
    method: 'patch',
    path: '/articles/{slug}',
    summary: 'Change an article (agents and admins); a stale expectedRevision is refused with 409',
    audience: 'staff',
    body: articlePatchSchema,
    response: z.object({ article: articleDetailResource }),
    errors: ['404', '409', '422'],
  },
  {
    method: 'get',
    path: '/search',
    summary: 'Search the knowledge base (anonymous: published public articles only)',
    audience: 'public',
    query: searchQuery,
    response: searchResource,
  },
  ...ticketApiOperations,
  ...catalogApiOperations,
  ...webhookApiOperations,
  ...ruleApiOperations,
  ...approvalApiOperations,
  ...slaApiOperations,
  ...pluginApiOperations,
];

const errorStatuses: Record<Audience, string[]> = {
  public: ['400', '422'],
  user: ['401'],
  staff: ['401', '403'],
  admin: ['401', '403', '404', '409', '422'],
};

/** zod refers to schemas with a meta id as `#/definitions/<id>`; OpenAPI keeps them in `components.schemas`. */
function componentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(componentRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string'
        ? inner.replace(/^#\/(?:definitions|\$defs)\//, '#/components/schemas/')
        : componentRefs(inner),
    ]),
  );
}

/** The JSON schema of a zod schema; the named schemas it uses are added to `components`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, unknown>): unknown {
  const { definitions, $defs, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as { definitions?: Record<string, unknown>; $defs?: Record<string, unknown> } & Record<string, unknown>;
  for (const [id, definition] of Object.entries({ ...(definitions ?? {}), ...($defs ?? {}) })) {
    components[id] ??= componentRefs(definition);
  }
  return componentRefs(rest);
}

/** The OpenAPI 3.0 document for the REST API, built from `apiOperations`. */
export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  for (const operation of apiOperations) {
    const parameters = [
      ...[...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: jsonSchema(schema as z.ZodType, 'input', schemas),
      })),
    ];
    const responses: Record<string, unknown> = {
      [String(operation.status ?? 200)]: {
        description: 'Success',
        // A 204 has no body to describe.
        ...(operation.status !== 204 && {
          content: { 'application/json': { schema: jsonSchema(operation.response, 'output', schemas) } },
        }),
      },
    };
    for (const status of new Set([...errorStatuses[operation.audience], ...(operation.errors ?? [])])) {
      responses[status] = {
        description: 'Error',
        content: { 'application/json': { schema: jsonSchema(errorResource, 'output', schemas) } },
      };
    }
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      summary: operation.summary,
      'x-portico-audience': operation.audience,
      ...(parameters.length > 0 && { parameters }),
      ...(operation.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: jsonSchema(operation.body, 'input', schemas) } },
        },
      }),
      responses,
      security: operation.audience === 'public' ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Portico REST API',
      version: '1',
      description: 'Errors have the shape {"error":{"code","message","details"?}}.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A personal API token (pt_…) from the account page or `portico token create`.',
        },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'portico_session' },
      },
    },
    paths,
  };
}
