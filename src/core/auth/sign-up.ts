import { z } from 'zod';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { getSettings } from '../settings/index.ts';
import type { SessionMeta } from '../session/index.ts';
import { createSession } from '../session/index.ts';
import {
  assertAcceptablePassword,
  emailSchema,
  findUserByEmail,
  getUserById,
  hashPassword,
  insertUser,
  markEmailVerified,
  nameSchema,
  passwordSchema,
  replaceUnverifiedSignUp,
} from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { consumeOneTimeToken, issueOneTimeToken } from './one-time-tokens.ts';
import type { SignedIn } from './sign-in.ts';
import { assertNotThrottled, recordFailure, throttleKeys } from './throttle.ts';

export const signUpSchema = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema });
export type SignUpInput = z.input<typeof signUpSchema>;

/**
 * Self-service sign-up for customers. The answer is the same whether or not the email is taken: a new
 * address gets a confirmation link, a known one a note saying it already has an account. Every attempt
 * counts toward the throttle (per address and per client), since each one sends mail.
 * @example
 * await signUp(core, { email: 'kim@example.org', name: 'Kim', password: 'a long passphrase' }, '203.0.113.9');
 */
export async function signUp(core: Core, input: SignUpInput, ip: string | null = null): Promise<void> {
  if (!(await getSettings(core.db)).signupEnabled) {
    throw new PorticoError('forbidden', 'Sign-up is turned off on this portal.', {
      hint: 'Ask the service desk to create an account for you.',
    });
  }
  const data = parseInput(signUpSchema, input);
  assertAcceptablePassword(data.password, data.email);
  const keys = throttleKeys('signup', data.email, ip);
  await assertNotThrottled(core.db, keys);
  await recordFailure(core.db, keys);
  // Hashed whether or not the address is taken, so the answer's timing does not tell either.
  const passwordHash = await hashPassword(data.password);
  const existing = await findUserByEmail(core.db, data.email);
  const base = core.config.publicUrl.origin;
  if (existing?.emailVerified) {
    await core.mail.send({
      to: existing.email,
      subject: 'You already have an account',
      text: `Someone, perhaps you, tried to sign up with this address. You already have an account.\n\nSign in: ${base}/login\nForgot your password? ${base}/forgot\n\nIf this was not you, you can ignore this message.`,
    });
    return;
  }
  // Whoever signed up last chose the password that the newest (and only working) link confirms, so a
  // stranger who registered the address first cannot keep a password on the owner's account.
  if (existing) await replaceUnverifiedSignUp(core.db, existing.id, data.name, passwordHash);
  const user =
    existing ??
    (await insertUser(core.db, {
      email: data.email,
      name: data.name,
      role: 'customer',
      organisationId: null,
      passwordHash,
      emailVerified: false,
    }));
  const token = await issueOneTimeToken(core.db, user.id, 'email_verification');
  await core.mail.send({
    to: user.email,
    subject: 'Confirm your email address',
    text: `Welcome, ${user.name}.\n\nConfirm your address to finish signing up:\n${base}/verify/${token}\n\nThe link works once and expires in 7 days. If you did not sign up, ignore this message.`,
  });
}

/** Confirms an address from the emailed link and signs the customer in; the link works once. */
export async function verifyEmail(core: Core, token: string, meta: SessionMeta): Promise<SignedIn> {
  const userId = await consumeOneTimeToken(core.db, token, 'email_verification');
  const user = userId ? await getUserById(core.db, userId) : undefined;
  if (!user?.active) {
    throw new PorticoError('not_found', 'This confirmation link is invalid or has expired.', {
      hint: 'Sign up again to get a new link.',
    });
  }
  await markEmailVerified(core.db, user.id);
  const { token: sessionToken, session } = await createSession(core.db, user.id, meta);
  return { user: { ...user, emailVerified: true }, session, token: sessionToken };
}
