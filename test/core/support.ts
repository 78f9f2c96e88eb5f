import type { Core } from '../../src/core/context.ts';
import { hashPassword, insertUser } from '../../src/core/users/index.ts';
import type { Role, User } from '../../src/core/users/index.ts';

/** The password every account made by addUser has (unless told otherwise). */
export const goodPassword = 'a fine long passphrase';

/** hashPassword(goodPassword), computed once and kept here: each scrypt hash costs ~0.5 s of CPU. */
const goodPasswordHash =
  'scrypt$131072$8$1$FFwDdioCERFVnSJHQhLh9g==$/wdyyIrs7B8JozmiVIdJa18I9FkDLOnWwZzdj6V5PPuYPjARX5KOEGOHKWXE4A0IYbOTvu3yZGxA7AbHdFBmug==';

const hashes = new Map<string, Promise<string>>([[goodPassword, Promise.resolve(goodPasswordHash)]]);

/** Hashes each password once per test file: scrypt costs ~0.4 s, so accounts reuse the hash. */
export function hashOnce(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  return hash;
}

/** Inserts an account directly (no permission checks), with a password that signs in. */
export async function addUser(
  core: Core,
  fields: {
    email: string;
    name?: string;
    role?: Role;
    password?: string | null;
    verified?: boolean;
    organisationId?: string | null;
  },
): Promise<User> {
  const password = fields.password === undefined ? goodPassword : fields.password;
  return insertUser(core.db, {
    email: fields.email,
    name: fields.name ?? fields.email.split('@')[0]!,
    role: fields.role ?? 'customer',
    organisationId: fields.organisationId ?? null,
    passwordHash: password === null ? null : await hashOnce(password),
    emailVerified: fields.verified ?? true,
  });
}

/** The value of a header in a raw message. */
export function header(message: string, name: string): string | undefined {
  const match = message.match(new RegExp(`^${name}: (.*)$`, 'im'));
  return match?.[1]?.trim();
}

/** The path token after prefix in a link, e.g. the token of /reset/<token>. */
export function tokenOf(link: string | undefined, prefix: string): string {
  if (!link) throw new Error(`no ${prefix} link in the message`);
  const token = new URL(link).pathname.split(prefix)[1];
  if (!token) throw new Error(`no token after ${prefix} in ${link}`);
  return token;
}
