import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { enqueueJob } from '../jobs/index.ts';
import { createTicket, relateTickets, replyToTicket } from '../tickets/index.ts';
import { rowToTicket } from '../tickets/ticket.ts';
import type { Ticket } from '../tickets/index.ts';
import type { UserTable } from '../users/user.table.ts';
import { systemActor } from '../users/index.ts';
import type { CoreApi, PortalGroup, PortalTicket, PortalUser } from '../../plugin-api/core-api.ts';

function toPortalUser(row: Selectable<UserTable>): PortalUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    organisationId: row.organisation_id,
    active: row.active === 1,
  };
}

/**
 * The core's public functions as plugins receive them: plain values in and out, acting as the system.
 * Everything here goes through the same core functions the pages use.
 */
export function createCoreApi(core: Core): CoreApi {
  const url = (path: string) => new URL(path, core.config.publicUrl).href;
  const toPortalTicket = (ticket: Ticket, requestTypeName: string | null): PortalTicket => ({
    id: ticket.id,
    number: ticket.number,
    reference: ticket.reference,
    subject: ticket.subject,
    kind: ticket.kind,
    status: ticket.status,
    priority: ticket.priority,
    requesterId: ticket.requesterId,
    organisationId: ticket.organisationId,
    groupId: ticket.groupId,
    assigneeId: ticket.assigneeId,
    requestTypeId: ticket.requestTypeId,
    requestTypeName,
    createdAt: ticket.createdAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    portalUrl: url(`/requests/${ticket.number}`),
    deskUrl: url(`/desk/tickets/${ticket.number}`),
  });
  const ticketsWhere = async (column: 'tickets.id' | 'tickets.number', values: readonly (string | number)[]) => {
    if (values.length === 0) return [];
    const rows = await core.db
      .selectFrom('tickets')
      .leftJoin('request_types', 'request_types.id', 'tickets.request_type_id')
      .selectAll('tickets')
      .select('request_types.name as request_type_name')
      .where(column, 'in', values as never[])
      .execute();
    return rows.map((row) => toPortalTicket(rowToTicket(row), row.request_type_name));
  };
  const group = (row: { id: string; name: string; description: string }): PortalGroup => ({
    id: row.id,
    name: row.name,
    description: row.description,
  });

  const api: CoreApi = {
    url,
    users: {
      async get(id) {
        const row = await core.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? toPortalUser(row) : undefined;
      },
      async list(filter = {}) {
        let query = core.db.selectFrom('users').selectAll('users').where('users.active', '=', 1);
        if (filter.roles && filter.roles.length > 0) query = query.where('users.role', 'in', [...filter.roles]);
        if (filter.groupId) {
          query = query.where('users.id', 'in', (eb) =>
            eb
              .selectFrom('group_members')
              .select('user_id')
              .where('group_id', '=', filter.groupId ?? ''),
          );
        }
        return (await query.orderBy('users.name').execute()).map(toPortalUser);
      },
    },
    groups: {
      async list() {
        return (await core.db.selectFrom('groups').selectAll().orderBy('name').execute()).map(group);
      },
      async get(id) {
        const row = await core.db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
        return row ? group(row) : undefined;
      },
      async members(groupId) {
        const rows = await core.db
          .selectFrom('group_members')
          .innerJoin('users', 'users.id', 'group_members.user_id')
          .selectAll('users')
          .select('group_members.is_lead')
          .where('group_members.group_id', '=', groupId)
          .orderBy('users.name')
          .execute();
        return rows.map((row) => ({ user: toPortalUser(row), isLead: row.is_lead === 1 }));
      },
      async of(userId) {
        const rows = await core.db
          .selectFrom('groups')
          .innerJoin('group_members', 'group_members.group_id', 'groups.id')
          .selectAll('groups')
          .where('group_members.user_id', '=', userId)
          .orderBy('groups.name')
          .execute();
        return rows.map(group);
      },
    },
    tickets: {
      async get(idOrNumber) {
        const [ticket] =
          typeof idOrNumber === 'number'
            ? await ticketsWhere('tickets.number', [idOrNumber])
            : await ticketsWhere('tickets.id', [idOrNumber]);
        return ticket;
      },
      getMany: (ids) => ticketsWhere('tickets.id', ids),
      async addInternalNote(number, body) {
        await replyToTicket(core, systemActor, number, { body, internal: true });
      },
      async createTask(task) {
        // A task has no one to fill in a form, so it is opened with a type that asks nothing required.
        const candidates = await core.db
          .selectFrom('request_types')
          .select(['id', 'form'])
          .where('active', '=', 1)
          .where('kind', '=', 'service_request')
          .orderBy('position')
          .orderBy('name')
          .execute();
        const requestType = candidates.find((candidate) => !hasRequiredField(candidate.form));
        if (!requestType) {
          throw new PorticoError(
            'conflict',
            'There is no active service-request type without required fields to open a task with.',
            { hint: 'Add or activate a service-request type whose form has no required field under /admin/catalog.' },
          );
        }
        const created = await createTicket(core, systemActor, {
          requestTypeId: requestType.id,
          subject: task.subject,
          description: task.description,
          requesterId: task.requesterId,
          channel: 'api',
          ...(task.groupId !== undefined && { groupId: task.groupId }),
          ...(task.assigneeId !== undefined && { assigneeId: task.assigneeId }),
        });
        if (task.relatedTicketNumber !== undefined) {
          await relateTickets(core, systemActor, created.number, task.relatedTicketNumber, true);
        }
        const ticket = await api.tickets.get(created.id);
        if (!ticket) throw new Error('the task just created is missing');
        return ticket;
      },
    },
    requestTypes: {
      async list() {
        const rows = await core.db
          .selectFrom('request_types')
          .select(['id', 'name', 'active'])
          .orderBy('position')
          .execute();
        return rows.map((row) => ({ id: row.id, name: row.name, active: row.active === 1 }));
      },
    },
    kb: {
      async article(slug) {
        const row = await core.db
          .selectFrom('kb_articles')
          .innerJoin('kb_categories', 'kb_categories.id', 'kb_articles.category_id')
          .select(['kb_articles.title', 'kb_articles.summary', 'kb_articles.slug', 'kb_articles.visibility'])
          .select('kb_categories.slug as category_slug')
          .where('kb_articles.slug', '=', slug)
          .where('kb_articles.status', '=', 'published')
          .executeTakeFirst();
        return row
          ? {
              title: row.title,
              summary: row.summary,
              visibility: row.visibility,
              url: url(`/kb/${row.category_slug}/${row.slug}`),
            }
          : undefined;
      },
    },
    mail: {
      async send(message) {
        await enqueueJob(core.db, 'mail.send', message);
      },
    },
    tokens: {
      create() {
        const token = encodeBase64urlNoPadding(randomBytes(24));
        return { token, hash: api.tokens.hash(token) };
      },
      hash: (token) => createHash('sha256').update(token).digest('hex'),
    },
  };
  return api;
}

function hasRequiredField(form: string): boolean {
  const fields = (JSON.parse(form) as { fields?: { required?: boolean }[] }).fields ?? [];
  return fields.some((field) => field.required === true);
}
