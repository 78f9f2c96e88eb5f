import { z } from 'zod';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { getSettings } from '../settings/index.ts';
import type { Actor } from '../users/index.ts';
import {
  assertAcceptablePassword,
  assertAdmin,
  emailSchema,
  findUserByEmail,
  getUserById,
  hashPassword,
  passwordSchema,
  setPasswordHash,
} from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken, tokenLifetimes } from './one-time-tokens.ts';
import { assertNotThrottled, recordFailure, throttleKeys } from './throttle.ts';

export const resetRequestSchema = z.object({ email: emailSchema });

/**
 * Mails a one-time reset link (valid for an hour) when the email belongs to an active account, and
 * answers alike either way. Every request counts toward the throttle, since each one sends mail.
 * @example
 * await requestPasswordReset(core, { email: 'kim@example.org' }, '203.0.113.9');
 */
export async function requestPasswordReset(core: Core, input: { email: string }, ip: string | null): Promise<void> {
  const { email } = parseInput(resetRequestSchema, input);
  const keys = throttleKeys('reset', email, ip);
  await assertNotThrottled(core.db, keys);
  await recordFailure(core.db, keys);
  const user = await findUserByEmail(core.db, email);
  if (!user?.active) return;
  const token = await issueOneTimeToken(core.db, user.id, 'password_reset');
  const link = `${core.config.publicUrl.origin}/reset/${token}`;
  await core.mail.send({
    to: user.email,
    subject: 'Reset your password',
    text: `Hello ${user.name},\n\nSomeone asked to reset the password of your account. To choose a new one, open:\n${link}\n\nThe link works once and expires in one hour. If you did not ask, ignore this message: your password stays as it is.`,
  });
}

/** Whether a reset link is still usable, to show the form or an explanation. */
export async function isResetTokenValid(core: Core, token: string): Promise<boolean> {
  return (await peekOneTimeToken(core.db, token, 'password_reset')) !== undefined;
}

/** Sets a new password from a reset link (once), and ends every session of the account. */
export async function resetPassword(core: Core, token: string, input: { password: string }): Promise<void> {
  const { password } = parseInput(z.object({ password: passwordSchema }), input);
  const pendingUserId = await peekOneTimeToken(core.db, token, 'password_reset');
  const pending = pendingUserId ? await getUserById(core.db, pendingUserId) : undefined;
  if (!pending) throw invalidLink();
  assertAcceptablePassword(password, pending.email);
  const passwordHash = await hashPassword(password);
  const userId = await consumeOneTimeToken(core.db, token, 'password_reset');
  if (!userId) throw invalidLink();
  await setPasswordHash(core.db, userId, passwordHash);
  core.log.info({ userId }, 'password reset');
}

const invitationLifetime = 7 * 24 * 60 * 60 * 1000;

/**
 * Mails a link to choose a password, on an admin's behalf: an invitation (valid 7 days) for a new
 * account, or a reset (valid one hour) for an existing one. Admins only; the account must be active.
 * @example
 * await sendPasswordLink(core, admin, user.id, 'invitation');
 */
export async function sendPasswordLink(
  core: Core,
  actor: Actor | null,
  userId: string,
  kind: 'invitation' | 'reset',
): Promise<void> {
  assertAdmin(actor);
  const user = await getUserById(core.db, userId);
  if (!user?.active) throw new PorticoError('not_found', 'No such active user.');
  const invitation = kind === 'invitation';
  const token = await issueOneTimeToken(
    core.db,
    user.id,
    'password_reset',
    invitation ? invitationLifetime : tokenLifetimes.password_reset,
  );
  const link = `${core.config.publicUrl.origin}/reset/${token}`;
  const { organisationName } = await getSettings(core.db);
  await core.mail.send(
    invitation
      ? {
          to: user.email,
          subject: `Your ${organisationName} account`,
          text: `Hello ${user.name},\n\nAn account was created for you on the ${organisationName} service portal. Choose your password to start:\n${link}\n\nThe link works once and expires in 7 days. Then sign in at ${core.config.publicUrl.origin}/login with ${user.email}.`,
        }
      : {
          to: user.email,
          subject: 'Reset your password',
          text: `Hello ${user.name},\n\nAn administrator of ${organisationName} sent you this link to choose a new password:\n${link}\n\nThe link works once and expires in one hour.`,
        },
  );
  core.log.info({ userId: user.id, kind }, 'password link sent');
}

function invalidLink() {
  return new PorticoError('not_found', 'This reset link is invalid, used or expired.', {
    hint: 'Ask for a new link from the sign-in page.',
  });
}
