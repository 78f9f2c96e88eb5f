import { createRequestType, formField as field } from '../../../src/core/catalog/index.ts';
import type { RequestType } from '../../../src/core/catalog/index.ts';
import { createTicket } from '../../../src/core/tickets/index.ts';
import type { NewTicket, Ticket, TicketFiles } from '../../../src/core/tickets/index.ts';
import type { PluginHost } from '../../../src/core/plugins/index.ts';
import type { Group, Organisation, User } from '../../../src/core/users/index.ts';
import {
  createGroup,
  createOrganisation,
  setGroupMembers,
  setOrganisationSharing,
  systemActor,
} from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser } from '../support.ts';

/**
 * A service desk: an admin, two agents in the Service Desk group, two customers of Northwind (which
 * shares requests only when a test says so), one of Contoso, and two request types.
 */
export interface DeskWorld {
  core: TestCore;
  admin: User;
  agent: User;
  otherAgent: User;
  casey: User;
  noor: User;
  olu: User;
  northwind: Organisation;
  desk: Group;
  incident: RequestType;
  question: RequestType;
}

export async function createDeskWorld(options: { plugins?: PluginHost } = {}): Promise<DeskWorld> {
  const core = await createTestCore({}, options);
  const northwind = await createOrganisation(core, systemActor, { name: 'Northwind', domain: 'northwind.example' });
  const contoso = await createOrganisation(core, systemActor, { name: 'Contoso', domain: 'contoso.example' });
  const admin = await addUser(core, { email: 'ada@portico.example', name: 'Ada Admin', role: 'admin' });
  const agent = await addUser(core, { email: 'avery@portico.example', name: 'Avery Agent', role: 'agent' });
  const otherAgent = await addUser(core, { email: 'sam@portico.example', name: 'Sam Support', role: 'agent' });
  const casey = await addUser(core, {
    email: 'casey@northwind.example',
    name: 'Casey Customer',
    organisationId: northwind.id,
  });
  const noor = await addUser(core, { email: 'noor@northwind.example', name: 'Noor N', organisationId: northwind.id });
  const olu = await addUser(core, { email: 'olu@contoso.example', name: 'Olu O', organisationId: contoso.id });
  const desk = await createGroup(core, systemActor, { name: 'Service Desk', description: '' });
  await setGroupMembers(core, systemActor, desk.id, [{ userId: agent.id, isLead: true }]);
  const incident = await createRequestType(core, systemActor, {
    name: 'Report an incident',
    kind: 'incident',
    defaultGroupId: desk.id,
    defaultPriority: 'P3',
    form: {
      fields: [
        field('impact', 'select', 'Impact', { required: true, options: ['low', 'medium', 'high'] }),
        field('urgency', 'select', 'Urgency', { required: true, options: ['low', 'medium', 'high'] }),
        field('screenshot', 'file', 'Screenshot'),
      ],
    },
  });
  const question = await createRequestType(core, systemActor, {
    name: 'Ask a question',
    kind: 'service_request',
    defaultPriority: 'P4',
  });
  return { core, admin, agent, otherAgent, casey, noor, olu, northwind, desk, incident, question };
}

export async function shareRequests(world: DeskWorld, share: boolean): Promise<void> {
  await setOrganisationSharing(world.core, world.admin, world.northwind.id, share);
}

/** A question ticket from the given user (Casey unless told otherwise). */
export function ask(
  world: DeskWorld,
  input: Partial<NewTicket> = {},
  actor: User = world.casey,
  files: TicketFiles = {},
): Promise<Ticket> {
  return createTicket(
    world.core,
    actor,
    { requestTypeId: world.question.id, subject: 'Printer on floor 2', description: 'It jams.', ...input },
    files,
  );
}

export const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
