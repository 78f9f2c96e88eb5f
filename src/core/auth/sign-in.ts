import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { Session, SessionMeta } from '../session/index.ts';
import { createSession, invalidateSession, validateApiToken, validateSessionToken } from '../session/index.ts';
import type { User } from '../users/index.ts';
import { decoyHash, findCredentials, getUserById, verifyPassword } from '../users/index.ts';
import { assertNotThrottled, clearFailures, recordFailure, throttleKeys } from './throttle.ts';

export interface SignInInput {
  email: string;
  password: string;
}

export interface SignedIn {
  user: User;
  session: Session;
  /** Goes into the session cookie; never stored. */
  token: string;
}

const wrongCredentials = () =>
  new PorticoError('unauthenticated', 'That email and password do not match an account.', {
    hint: 'Check both and try again, or reset your password.',
  });

/**
 * Checks a password and starts a new session (a new one at every sign-in, so a planted session id is useless).
 * Unknown emails, wrong passwords and deactivated accounts fail alike, in the same time; the 11th failure
 * within 15 minutes for an account or an address is refused with `too_many_requests`.
 * @example
 * const { token, user } = await signIn(core, { email, password }, { ip: '203.0.113.9', userAgent: null });
 */
export async function signIn(core: Core, input: SignInInput, meta: SessionMeta): Promise<SignedIn> {
  const keys = throttleKeys('login', input.email, meta.ip);
  await assertNotThrottled(core.db, keys);
  const credentials = await findCredentials(core.db, input.email);
  const matches = await verifyPassword(credentials?.passwordHash ?? decoyHash, input.password);
  if (!credentials || !matches || !credentials.user.active) {
    await recordFailure(core.db, keys);
    throw wrongCredentials();
  }
  if (!credentials.user.emailVerified) {
    throw new PorticoError('forbidden', 'Confirm your email address first.', {
      hint: 'Open the link in the message we sent you when you signed up, or sign up again to get a new one.',
    });
  }
  await clearFailures(core.db, keys[0] as string);
  const { token, session } = await createSession(core.db, credentials.user.id, meta);
  core.log.info({ userId: credentials.user.id }, 'signed in');
  return { user: credentials.user, session, token };
}

/** The user and session behind a session cookie token, or undefined when it is unknown, expired or the account inactive. */
export async function authenticateSession(
  core: Core,
  token: string,
): Promise<{ user: User; session: Session } | undefined> {
  const session = await validateSessionToken(core.db, token);
  if (!session) return undefined;
  const user = await getUserById(core.db, session.userId);
  if (!user?.active) {
    await invalidateSession(core.db, session.id);
    return undefined;
  }
  return { user, session };
}

/** The user behind an API token, or undefined. */
export async function authenticateApiToken(core: Core, token: string): Promise<User | undefined> {
  const userId = await validateApiToken(core.db, token);
  if (!userId) return undefined;
  const user = await getUserById(core.db, userId);
  return user?.active ? user : undefined;
}

export async function signOut(core: Core, sessionId: string): Promise<void> {
  await invalidateSession(core.db, sessionId);
}
