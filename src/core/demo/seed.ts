import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { seedDemoRequestTypes } from '../catalog/index.ts';
import { recomputeOpenTickets, seedDemoSla } from '../sla/index.ts';
import { seedDemoTickets } from './tickets.ts';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { updateSettings } from '../settings/index.ts';
import type { Role } from '../users/index.ts';
import { createGroup, createOrganisation, createUser, setGroupMembers, systemActor } from '../users/index.ts';

export interface DemoLogin {
  role: Role;
  name: string;
  email: string;
  password: string;
}

/** A random password of four groups of five base32 characters (100 bits), easy to copy from a terminal. */
function randomPassword(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(13)).slice(0, 20).match(/.{5}/g)!.join('-');
}

const people: { role: Role; name: string; email: string; organisation?: string }[] = [
  { role: 'admin', name: 'Alex Admin', email: 'admin@portico.example' },
  { role: 'agent', name: 'Avery Agent', email: 'avery@portico.example' },
  { role: 'agent', name: 'Sam Support', email: 'sam@portico.example' },
  { role: 'customer', name: 'Casey Customer', email: 'casey@northwind.example', organisation: 'Northwind Traders' },
  { role: 'customer', name: 'Noor Nakamura', email: 'noor@northwind.example', organisation: 'Northwind Traders' },
  { role: 'customer', name: 'Olu Okafor', email: 'olu@contoso.example', organisation: 'Contoso Ltd' },
];

/** True when the database holds no account yet: demo data goes only into an empty portal. */
export async function isDatabaseEmpty(core: Core): Promise<boolean> {
  const row = await core.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Seeds a demo portal: an admin, two agents in a group, three customers in two organisations, each
 * with a random password, returned so they can be printed once.
 * @example
 * const logins = await seedDemo(core);
 */
export async function seedDemo(core: Core): Promise<DemoLogin[]> {
  if (!(await isDatabaseEmpty(core))) {
    throw new PorticoError(
      'conflict',
      'The database already holds accounts; demo data goes only into an empty portal.',
      {
        hint: 'Use a new PORTICO_DATA_DIR for a demo.',
      },
    );
  }
  await updateSettings(core, systemActor, { organisationName: 'Portico Demo' });
  const organisations = new Map<string, string>();
  for (const [name, domain] of [
    ['Northwind Traders', 'northwind.example'],
    ['Contoso Ltd', 'contoso.example'],
  ] as const) {
    organisations.set(name, (await createOrganisation(core, systemActor, { name, domain })).id);
  }
  const logins = people.map((person) => ({ ...person, password: randomPassword() }));
  const users = await Promise.all(
    logins.map((login) =>
      createUser(core, systemActor, {
        email: login.email,
        name: login.name,
        role: login.role,
        organisationId: login.organisation ? (organisations.get(login.organisation) ?? null) : null,
        password: login.password,
      }),
    ),
  );
  const desk = await createGroup(core, systemActor, {
    name: 'Service Desk',
    description: 'First-line support for every request.',
  });
  await seedDemoRequestTypes(core, { groupId: desk.id });
  const agents = users.filter((user) => user.role === 'agent');
  await setGroupMembers(
    core,
    systemActor,
    desk.id,
    agents.map((agent, index) => ({ userId: agent.id, isLead: index === 0 })),
  );
  await seedDemoSla(core);
  await seedDemoTickets(core, { customers: users.filter((user) => user.role === 'customer'), agents });
  // The demo's tickets are history, not news: nobody should be mailed about them.
  await core.db.updateTable('event_outbox').set({ dispatched_at: new Date().toISOString() }).execute();
  await recomputeOpenTickets(core);
  return logins.map(({ role, name, email, password }) => ({ role, name, email, password }));
}
