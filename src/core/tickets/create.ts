import { isUniqueViolation } from '../db/index.ts';
import { assertIdempotencyKey, idempotencyScope, rememberedResource, rememberResource } from './idempotency.ts';
import type { Core } from '../context.ts';
import { answerForm, getRequestType } from '../catalog/index.ts';
import type { AnsweredField, Priority } from '../catalog/index.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { recordEvents } from '../events/index.ts';
import type { Actor, User } from '../users/index.ts';
import { findUserByEmail, getUserById, insertUser, isStaff, normaliseEmail } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { assertSignedIn } from './access.ts';
import { discardUploads, insertAttachments, storeUploads } from './attachments.ts';
import type { StoredUpload, Upload } from './attachments.ts';
import { newTicketSchema } from './schemas.ts';
import type { NewTicket } from './schemas.ts';
import type { Level, Ticket } from './ticket.ts';
import { levels, priorityFromMatrix, rowToTicket } from './ticket.ts';
import type { Channel } from './ticket.table.ts';
import { assertAssignable, assertGroupExists } from './people.ts';
import { replaceTicketTags, writeAudit } from './write.ts';

export interface TicketFiles {
  /** Files of the form's file fields, by field id. */
  fields?: Record<string, Upload[]>;
  /** Files attached to the request as a whole. */
  attachments?: Upload[];
}

const staffOnly = ['priority', 'requester', 'groupId', 'assigneeId', 'tags'] as const;
const customerChannels: readonly Channel[] = ['portal', 'api'];

async function nextTicketNumber(db: Db): Promise<number> {
  // One row updated with RETURNING: the row lock serialises concurrent writers on PostgreSQL too.
  const row = await db
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'ticket_number')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

async function resolveRequester(core: Core, actor: Actor, input: ReturnType<typeof parseNew>): Promise<User> {
  if (!isStaff(actor)) {
    if ((input.requesterId && input.requesterId !== actor.id) || input.requester) {
      throw new PorticoError('forbidden', 'You can only open requests for yourself.');
    }
    return actor as User;
  }
  if (input.requesterId) {
    const user = await getUserById(core.db, input.requesterId);
    if (!user || !user.active) {
      throw new PorticoError('invalid_input', 'No such requester.', {
        details: { fields: { requesterId: 'Choose an active user.' } },
      });
    }
    return user;
  }
  if (input.requester) {
    const email = normaliseEmail(input.requester.email);
    const existing = await findUserByEmail(core.db, email);
    if (existing) return existing;
    const organisation = await core.db
      .selectFrom('organisations')
      .select('id')
      .where('domain', '=', email.slice(email.indexOf('@') + 1))
      .executeTakeFirst();
    if (!input.requester.name) {
      throw new PorticoError('invalid_input', 'Enter a name for the new customer.', {
        details: { fields: { 'requester.name': 'Enter a name.' } },
      });
    }
    // A caller on the phone becomes a customer without a password; they can set one by "forgot password".
    return insertUser(core.db, {
      email,
      name: input.requester.name,
      role: 'customer',
      organisationId: organisation?.id ?? null,
      passwordHash: null,
      emailVerified: false,
    });
  }
  if (actor.role === 'system') {
    throw new PorticoError('invalid_input', 'Say who the ticket is for.', {
      details: { fields: { requesterId: 'Required.' } },
    });
  }
  return actor as User;
}

function parseNew(input: NewTicket) {
  return parseInput(newTicketSchema, input);
}

function fieldErrors(error: unknown): Record<string, string> {
  if (error instanceof PorticoError && error.code === 'invalid_input') {
    return (error.details?.['fields'] as Record<string, string> | undefined) ?? {};
  }
  throw error;
}

/**
 * Checks the ticket's own fields and the form's answers together, so a person sees every mistake at
 * once rather than one group after another.
 */
async function validateTicket(core: Core, actor: Actor, raw: NewTicket, fieldFiles: Record<string, Upload[]>) {
  let input: ReturnType<typeof parseNew> | undefined;
  const problems: Record<string, string> = {};
  try {
    input = parseNew(raw);
  } catch (error) {
    Object.assign(problems, fieldErrors(error));
  }
  const typeKey = typeof raw.requestTypeId === 'string' ? raw.requestTypeId.trim() : '';
  const found = typeKey ? await getRequestType(core, actor, typeKey) : undefined;
  const requestType = found?.active ? found : undefined;
  if (typeKey && !requestType) problems['requestTypeId'] ??= 'No such request type: choose one from the catalog.';
  let answers: AnsweredField[] = [];
  if (requestType) {
    const given = raw.fields;
    const rawAnswers: Record<string, unknown> =
      given && typeof given === 'object' && !Array.isArray(given) ? { ...given } : {};
    // A file field is answered by uploading, never by naming files that were not sent.
    for (const field of requestType.form.fields.filter((candidate) => candidate.kind === 'file')) {
      if (rawAnswers[field.id] !== undefined && rawAnswers[field.id] !== null && !fieldFiles[field.id]?.length) {
        problems[`fields.${field.id}`] = 'Upload the file itself; a file name alone is not accepted.';
      }
      delete rawAnswers[field.id];
      const uploads = fieldFiles[field.id] ?? [];
      if (uploads.length > 0) rawAnswers[field.id] = uploads.map((upload) => upload.name);
    }
    try {
      answers = answerForm(requestType.form, rawAnswers);
    } catch (error) {
      for (const [field, message] of Object.entries(fieldErrors(error))) problems[field] ??= message;
    }
  }
  if (!input || !requestType || Object.keys(problems).length > 0) {
    throw new PorticoError('invalid_input', Object.values(problems)[0] ?? 'Check the request.', {
      details: { fields: problems },
    });
  }
  return { input, requestType, answers };
}

function choosePriority(
  input: ReturnType<typeof parseNew>,
  kind: string,
  answers: Record<string, unknown>,
  fallback: Priority,
): { priority: Priority; impact: Level | null; urgency: Level | null } {
  const asLevel = (value: unknown): Level | undefined =>
    typeof value === 'string' && (levels as string[]).includes(value) ? (value as Level) : undefined;
  const impact = input.impact ?? asLevel(answers['impact']) ?? null;
  const urgency = input.urgency ?? asLevel(answers['urgency']) ?? null;
  if (input.priority) return { priority: input.priority, impact, urgency };
  if (kind === 'incident' && impact && urgency)
    return { priority: priorityFromMatrix(impact, urgency), impact, urgency };
  return { priority: fallback, impact, urgency };
}

async function rememberedTicket(core: Core, scope: string, key: string): Promise<Ticket | undefined> {
  const id = await rememberedResource(core.db, scope, key);
  const row = id ? await core.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  return row ? rowToTicket(row) : undefined;
}

/**
 * Opens a ticket from a request type's form. Customers open their own (portal or API); agents also
 * for someone else (found by id, or by email and created as a customer) on any channel, and may set
 * priority, group, assignee and tags. The form's answers are validated from its definition.
 * @example
 * const ticket = await createTicket(core, customer, {
 *   requestTypeId: 'report-an-incident', subject: 'VPN drops', description: 'Every 10 minutes.',
 *   fields: { impact: 'medium', urgency: 'high' },
 * });
 * With an idempotency key, a repeat of the same request (a retry, a double submit) returns the ticket
 * the first one made instead of opening another.
 */
export async function createTicket(
  core: Core,
  actor: Actor | null,
  raw: NewTicket,
  files: TicketFiles = {},
  options: { idempotencyKey?: string | undefined } = {},
): Promise<Ticket> {
  assertSignedIn(actor);
  const key = options.idempotencyKey;
  const scope = idempotencyScope(actor, 'ticket');
  if (key !== undefined) {
    assertIdempotencyKey(key);
    const earlier = await rememberedTicket(core, scope, key);
    if (earlier) return earlier;
  }
  const fieldFiles = files.fields ?? {};
  const { input, requestType, answers } = await validateTicket(core, actor, raw, fieldFiles);
  if (!isStaff(actor)) {
    const forbidden = staffOnly.filter((key) => input[key] !== undefined);
    if (forbidden.length > 0) {
      throw new PorticoError('forbidden', `Only agents can set ${forbidden.join(', ')}.`, {
        hint: 'Describe the impact and urgency in the form instead.',
      });
    }
    if (input.channel && !customerChannels.includes(input.channel)) {
      throw new PorticoError('forbidden', `Only agents can record a ${input.channel} request.`);
    }
  }
  const answerValues = Object.fromEntries(answers.map((answer) => [answer.id, answer.value]));
  const requester = await resolveRequester(core, actor, input);
  if (input.groupId) await assertGroupExists(core.db, input.groupId);
  if (input.assigneeId) await assertAssignable(core.db, input.assigneeId);
  const { priority, impact, urgency } = choosePriority(
    input,
    requestType.kind,
    answerValues,
    requestType.defaultPriority,
  );

  // Only the files of fields that are shown and answered are kept.
  const answeredFileFields = new Set(answers.filter((answer) => answer.kind === 'file').map((answer) => answer.id));
  const uploads = [
    ...Object.entries(fieldFiles).flatMap(([fieldId, list]) => (answeredFileFields.has(fieldId) ? list : [])),
    ...(files.attachments ?? []),
  ];
  const stored: StoredUpload[] = await storeUploads(core, uploads);
  try {
    const row = await core.db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: the same key sent twice at once still makes one ticket.
      if (key !== undefined) {
        const earlier = await rememberedResource(trx, scope, key);
        if (earlier)
          return {
            ...(await trx.selectFrom('tickets').selectAll().where('id', '=', earlier).executeTakeFirstOrThrow()),
            replayed: true,
          };
      }
      const now = nowStored();
      const assigneeId = input.assigneeId ?? null;
      const values = {
        id: newId(),
        number: await nextTicketNumber(trx),
        kind: requestType.kind,
        request_type_id: requestType.id,
        request_type_name: requestType.name,
        subject: input.subject,
        description: input.description,
        fields: JSON.stringify(answers),
        status: assigneeId ? ('open' as const) : ('new' as const),
        is_open: 1,
        priority,
        impact,
        urgency,
        requester_id: requester.id,
        organisation_id: requester.organisationId,
        group_id: input.groupId === undefined ? requestType.defaultGroupId : input.groupId,
        assignee_id: assigneeId,
        created_by_id: actor.role === 'system' ? null : actor.id,
        channel: input.channel ?? 'portal',
        parent_id: null,
        problem_id: null,
        merged_into_id: null,
        root_cause: null,
        workaround: null,
        reply_count: 0,
        first_responded_at: null,
        last_customer_reply_at: null,
        resolved_at: null,
        closed_at: null,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('tickets').values(values).execute();
      if (key !== undefined) await rememberResource(trx, scope, key, values.id);
      await replaceTicketTags(trx, values.id, input.tags ?? []);
      await insertAttachments(
        trx,
        {
          ticketId: values.id,
          messageId: null,
          uploaderId: actor.role === 'system' ? null : actor.id,
          internal: false,
        },
        stored,
      );
      const actorId = actor.role === 'system' ? null : actor.id;
      await writeAudit(trx, values.id, actorId, [{ field: 'created', from: null, to: `PT-${values.number}` }], now);
      const ref = { ticketId: values.id, number: values.number };
      await recordEvents(trx, actorId, [
        {
          type: 'ticket.created',
          subjectId: values.id,
          payload: {
            ...ref,
            kind: values.kind,
            requesterId: values.requester_id,
            groupId: values.group_id,
            assigneeId,
            priority,
            channel: values.channel,
          },
        },
        ...(assigneeId
          ? [
              {
                type: 'ticket.assigned' as const,
                subjectId: values.id,
                payload: { ...ref, assigneeId, previousAssigneeId: null, groupId: values.group_id },
              },
            ]
          : []),
      ]);
      return { ...values, replayed: false };
    });
    const { replayed, ...ticket } = row;
    if (replayed) await discardUploads(core, stored);
    else core.events.dispatchSoon();
    return rowToTicket(ticket);
  } catch (error) {
    await discardUploads(core, stored);
    // The same key sent twice at once: the other request made the ticket a moment ago.
    const earlier =
      key !== undefined && isUniqueViolation(error) ? await rememberedTicket(core, scope, key) : undefined;
    if (earlier) return earlier;
    throw error;
  }
}
