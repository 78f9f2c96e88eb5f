import type { Core } from '../../core/context.ts';
import { PorticoError } from '../../core/errors.ts';
import { newTicketSchema, priorities } from '../../core/tickets/index.ts';
import type { NewTicket } from '../../core/tickets/index.ts';
import { listUsers } from '../../core/users/index.ts';
import type { User } from '../../core/users/index.ts';
import type { Translate } from '../../i18n/index.ts';

/** The channels an agent records a ticket from, phone first. */
export const agentChannels = ['phone', 'email', 'portal'] as const;

/**
 * The desk's new-ticket form (plain string values) as createTicket's input, without the form's own
 * answers. The requester is found by email; the name is needed only to create a new customer.
 * @example
 * const input = await newTicketFromForm(core, agent, t, values);
 * await createTicket(core, agent, { ...input, requestTypeId, fields: rawAnswersFromForm(data) });
 */
export async function newTicketFromForm(
  core: Core,
  agent: User,
  t: Translate,
  values: Record<string, string>,
): Promise<Omit<NewTicket, 'requestTypeId' | 'fields'>> {
  const text = (key: string) => values[key]?.trim() ?? '';
  const email = text('requesterEmail');
  if (!email) {
    const message = t('desk.new.requester.required');
    // Report the subject and description too, so that every mistake shows at once.
    const others = newTicketSchema.safeParse({
      requestTypeId: 'any',
      subject: values['subject'],
      description: values['description'],
    });
    const fields: Record<string, string> = { requesterEmail: message };
    for (const issue of others.error?.issues ?? []) fields[issue.path.join('.')] ??= issue.message;
    throw new PorticoError('invalid_input', message, { details: { fields } });
  }
  const known = text('requesterName')
    ? undefined
    : (await listUsers(core, agent, { query: email, limit: 5 })).users.find(
        (user) => user.email === email.toLowerCase(),
      );
  const tags = text('tags')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  const channel = agentChannels.find((value) => value === text('channel')) ?? 'phone';
  const priority = priorities.find((value) => value === text('priority'));
  const groupId = text('groupId');
  const assigneeId = text('assigneeId');
  return {
    subject: values['subject'] ?? '',
    description: values['description'] ?? '',
    ...(known ? { requesterId: known.id } : { requester: { email, name: text('requesterName') } }),
    channel,
    ...(priority && { priority }),
    ...(groupId && { groupId: groupId === 'none' ? null : groupId }),
    ...(assigneeId && { assigneeId }),
    ...(tags.length > 0 && { tags }),
  };
}

const renamed: Record<string, string> = {
  'requester.email': 'requesterEmail',
  'requester.name': 'requesterName',
  requesterId: 'requesterEmail',
};

/** The core's error paths as the form's control names ("requester.email" → requesterEmail, "tags.2" → tags). */
export function requesterFormErrors(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, message]) => [renamed[key] ?? (key.startsWith('tags.') ? 'tags' : key), message]),
  );
}
