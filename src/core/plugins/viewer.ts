import type { User } from '../users/index.ts';
import type { PortalUser } from '../../plugin-api/core-api.ts';

/** A signed-in user as plugins see them. */
export function viewerOf(user: User): PortalUser;
export function viewerOf(user: User | null): PortalUser | null;
export function viewerOf(user: User | null): PortalUser | null {
  return user
    ? {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        organisationId: user.organisationId,
        active: user.active,
      }
    : null;
}
