import { z } from 'zod';
import type { Group, User } from '../core/users/index.ts';
import { roles } from '../core/users/index.ts';

export const userResource = z
  .object({
    id: z.string(),
    email: z.email(),
    name: z.string(),
    role: z.enum(roles),
    organisationId: z.string().nullable(),
    active: z.boolean(),
    emailVerified: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const groupResource = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    createdAt: z.iso.datetime(),
    memberCount: z.number().int().optional(),
  })
  .meta({ id: 'Group' });

export const errorResource = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'invalid_input, unauthenticated, forbidden, not_found, conflict, too_many_requests, …' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export function userToJson(user: User): z.infer<typeof userResource> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    active: user.active,
    emailVerified: user.emailVerified,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function groupToJson(group: Group & { memberCount?: number }): z.infer<typeof groupResource> {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    createdAt: group.createdAt.toISOString(),
    ...(group.memberCount !== undefined && { memberCount: group.memberCount }),
  };
}
