import { z } from 'zod';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { ApiToken, SessionMeta, SessionSummary } from '../session/index.ts';
import {
  createSession,
  insertApiToken,
  invalidateUserSession,
  listApiTokens,
  listUserSessions,
  revokeApiToken,
} from '../session/index.ts';
import type { Actor, User } from '../users/index.ts';
import {
  assertAcceptablePassword,
  findCredentials,
  getUserById,
  hashPassword,
  passwordSchema,
  setPasswordHash,
  verifyPassword,
} from '../users/index.ts';
import { parseInput } from '../validation.ts';
import type { SignedIn } from './sign-in.ts';

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.'),
  newPassword: passwordSchema,
});

function requireUser(actor: Actor | null): User {
  if (!actor || actor.role === 'system') throw new PorticoError('unauthenticated', 'Sign in to continue.');
  return actor;
}

/**
 * Changes the actor's own password. Every session of the account ends; the caller gets a fresh one
 * so the browser that made the change stays signed in.
 */
export async function changePassword(
  core: Core,
  actor: Actor | null,
  input: z.input<typeof passwordChangeSchema>,
  meta: SessionMeta,
): Promise<SignedIn> {
  const user = requireUser(actor);
  const data = parseInput(passwordChangeSchema, input);
  const credentials = await findCredentials(core.db, user.email);
  if (!credentials?.passwordHash || !(await verifyPassword(credentials.passwordHash, data.currentPassword))) {
    throw new PorticoError('invalid_input', 'Your current password is not correct.', {
      details: { fields: { currentPassword: 'Not correct.' } },
    });
  }
  assertAcceptablePassword(data.newPassword, user.email, 'newPassword');
  await setPasswordHash(core.db, user.id, await hashPassword(data.newPassword));
  const { token, session } = await createSession(core.db, user.id, meta);
  return { user, session, token };
}

export const apiTokenLabelSchema = z.string().trim().min(1, 'Enter a label.').max(80, 'Use at most 80 characters.');

/**
 * Creates a personal API token for a user: the actor's own, or anyone's when the actor is an admin.
 * The token is returned once; only its hash is kept.
 * @example
 * const { token } = await createApiToken(core, user, user.id, 'laptop script');
 */
export async function createApiToken(
  core: Core,
  actor: Actor | null,
  userId: string,
  label: string,
): Promise<{ token: string; apiToken: ApiToken }> {
  if (!actor) throw new PorticoError('unauthenticated', 'Sign in to continue.');
  if (actor.id !== userId && actor.role !== 'admin' && actor.role !== 'system') {
    throw new PorticoError('forbidden', 'You can only create tokens for your own account.');
  }
  const owner = await getUserById(core.db, userId);
  if (!owner?.active) throw new PorticoError('not_found', 'No such active user.');
  return insertApiToken(core.db, owner.id, parseInput(apiTokenLabelSchema, label));
}

export async function listOwnApiTokens(core: Core, actor: Actor | null): Promise<ApiToken[]> {
  return listApiTokens(core.db, requireUser(actor).id);
}

export async function revokeOwnApiToken(core: Core, actor: Actor | null, tokenId: string): Promise<void> {
  if (!(await revokeApiToken(core.db, requireUser(actor).id, tokenId))) {
    throw new PorticoError('not_found', 'No such token.');
  }
}

/** The actor's live sessions, newest first, for the account page. */
export async function listOwnSessions(core: Core, actor: Actor | null): Promise<SessionSummary[]> {
  return listUserSessions(core.db, requireUser(actor).id);
}

/** Signs one of the actor's own sessions out (another browser, a lost phone). */
export async function endOwnSession(core: Core, actor: Actor | null, sessionId: string): Promise<void> {
  if (!(await invalidateUserSession(core.db, requireUser(actor).id, sessionId))) {
    throw new PorticoError('not_found', 'No such session.', { hint: 'It may have ended already.' });
  }
}
