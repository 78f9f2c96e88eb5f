import { createApiToken, sendPasswordLink } from '../core/auth/index.ts';
import { seedDemo } from '../core/demo/index.ts';
import type { DemoLogin } from '../core/demo/index.ts';
import { createUser, findUserByEmail, roles, systemActor } from '../core/users/index.ts';
import type { Role } from '../core/users/index.ts';
import type { Command, OptionValues } from './run.ts';
import { UsageError } from './output.ts';

function required(values: OptionValues, name: string, command: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`portico ${command}: --${name} is required`);
  return value;
}

export function printLogins(logins: DemoLogin[]): void {
  console.log('Demo logins (shown once; change them on the account page):');
  for (const login of logins) console.log(`  ${login.role.padEnd(8)} ${login.email.padEnd(28)} ${login.password}`);
}

export const seedCommand: Command = {
  options: { demo: { type: 'boolean' } },
  async run(core, values) {
    if (!values['demo']) throw new UsageError('portico seed: say what to seed: --demo');
    printLogins(await seedDemo(core));
  },
};

export const userCreateCommand: Command = {
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
  },
  async run(core, values) {
    const email = required(values, 'email', 'user create');
    const name = required(values, 'name', 'user create');
    const role = required(values, 'role', 'user create');
    if (!roles.includes(role as Role))
      throw new UsageError(`portico user create: --role must be one of ${roles.join(', ')}`);
    const password = typeof values['password'] === 'string' ? values['password'] : undefined;
    const user = await createUser(core, systemActor, {
      email,
      name,
      role: role as Role,
      ...(password !== undefined && { password }),
    });
    console.log(`id: ${user.id}`);
    console.log(`email: ${user.email}`);
    console.log(`role: ${user.role}`);
    if (password === undefined) {
      await sendPasswordLink(core, systemActor, user.id, 'invitation');
      console.log(`invitation: mailed to ${user.email}, with a link to choose a password (valid 7 days)`);
    }
  },
};

export const tokenCreateCommand: Command = {
  options: { email: { type: 'string' }, label: { type: 'string' } },
  async run(core, values) {
    const email = required(values, 'email', 'token create');
    const label = typeof values['label'] === 'string' ? values['label'] : 'created with portico token create';
    const user = await findUserByEmail(core.db, email);
    if (!user) throw new UsageError(`portico token create: no account with the email ${email}`);
    if (!user.active) throw new UsageError(`portico token create: the account ${email} is deactivated`);
    const { token } = await createApiToken(core, systemActor, user.id, label);
    console.log(token);
  },
};
