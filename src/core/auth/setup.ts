import { z } from 'zod';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { SessionMeta } from '../session/index.ts';
import { createSession } from '../session/index.ts';
import { updateSettings } from '../settings/index.ts';
import {
  assertAcceptablePassword,
  countAdmins,
  emailSchema,
  hashPassword,
  insertUser,
  nameSchema,
  passwordSchema,
  systemActor,
} from '../users/index.ts';
import { parseInput } from '../validation.ts';
import type { SignedIn } from './sign-in.ts';

export const setupSchema = z.object({
  organisationName: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
});

/** True while the portal has no administrator: the one time `/setup` is open. */
export async function needsSetup(core: Core): Promise<boolean> {
  return (await countAdmins(core.db)) === 0;
}

/**
 * Creates the first administrator and signs them in. Refused once any admin exists, so the page
 * cannot be used to take over a running portal.
 */
export async function completeSetup(
  core: Core,
  input: z.input<typeof setupSchema>,
  meta: SessionMeta,
): Promise<SignedIn> {
  const data = parseInput(setupSchema, input);
  const alreadySetUp = () =>
    new PorticoError('forbidden', 'This portal is already set up.', { hint: 'Sign in instead.' });
  if (!(await needsSetup(core))) throw alreadySetUp();
  assertAcceptablePassword(data.password, data.email);
  const passwordHash = await hashPassword(data.password);
  // Checked again inside the write transaction: two setups at once must not both create an admin.
  const user = await core.db.transaction().execute(async (trx) => {
    if ((await countAdmins(trx)) > 0) throw alreadySetUp();
    return insertUser(trx, {
      email: data.email,
      name: data.name,
      role: 'admin',
      organisationId: null,
      passwordHash,
      emailVerified: true,
    });
  });
  await updateSettings(core, systemActor, { organisationName: data.organisationName });
  const { token, session } = await createSession(core.db, user.id, meta);
  return { user, session, token };
}
