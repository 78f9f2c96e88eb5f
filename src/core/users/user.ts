import type { Selectable } from 'kysely';
import { fromStoredTime } from '../db/values.ts';
import type { Role, UserTable } from './user.table.ts';

export const roles = ['customer', 'agent', 'admin'] as const satisfies readonly Role[];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  active: boolean;
  emailVerified: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Who acts: a signed-in user, or Portico itself (the CLI, seeding, jobs). */
export type Actor = User | SystemActor;
export interface SystemActor {
  id: 'system';
  role: 'system';
}
export const systemActor: SystemActor = Object.freeze({ id: 'system', role: 'system' });

export function rowToUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organisationId: row.organisation_id,
    active: row.active === 1,
    emailVerified: row.email_verified_at !== null,
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
  };
}

/** Emails compare case-insensitively; stored lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isStaff(actor: Actor | null): boolean {
  return actor?.role === 'agent' || actor?.role === 'admin' || actor?.role === 'system';
}

export function isAdmin(actor: Actor | null): boolean {
  return actor?.role === 'admin' || actor?.role === 'system';
}
