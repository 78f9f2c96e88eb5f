import { PorticoError } from '../errors.ts';
import type { Actor } from './user.ts';
import { isAdmin, isStaff } from './user.ts';

/** Admins (and Portico itself) only. */
export function assertAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new PorticoError('unauthenticated', 'Sign in to continue.');
  if (!isAdmin(actor)) throw new PorticoError('forbidden', 'Only administrators can do this.');
}

/** Agents and admins only. */
export function assertStaff(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new PorticoError('unauthenticated', 'Sign in to continue.');
  if (!isStaff(actor)) throw new PorticoError('forbidden', 'Only agents and administrators can do this.');
}
