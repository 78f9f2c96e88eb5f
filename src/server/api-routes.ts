import { z } from 'zod';
import { groupInputSchema, newUserSchema, roleSchema, userPatchSchema } from '../core/users/index.ts';
import { errorResource, groupResource, userResource } from './api-schemas.ts';

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
}

export const listUsersQuery = z.object({
  role: roleSchema.optional(),
  q: z.string().trim().max(200).optional(),
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
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
];

const errorStatuses: Record<Audience, string[]> = {
  public: ['400', '422'],
  user: ['401'],
  staff: ['401', '403'],
  admin: ['401', '403', '404', '409', '422'],
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' });
}

/** The OpenAPI 3.0 document for the REST API, built from `apiOperations`. */
export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
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
        schema: jsonSchema(schema as z.ZodType, 'input'),
      })),
    ];
    const responses: Record<string, unknown> = {
      [String(operation.status ?? 200)]: {
        description: 'Success',
        content: { 'application/json': { schema: jsonSchema(operation.response, 'output') } },
      },
    };
    for (const status of errorStatuses[operation.audience]) {
      responses[status] = {
        description: 'Error',
        content: { 'application/json': { schema: jsonSchema(errorResource, 'output') } },
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
          content: { 'application/json': { schema: jsonSchema(operation.body, 'input') } },
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
