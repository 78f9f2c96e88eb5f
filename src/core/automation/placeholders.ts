import type { Core } from '../context.ts';
import { ticketReference } from '../tickets/index.ts';
import type { TicketFacts } from './facts.ts';

/** Names and addresses of people, by id, for placeholders and dry-run descriptions. */
export async function peopleById(
  core: Core,
  ids: (string | null)[],
): Promise<Map<string, { name: string; email: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null && id !== ''))];
  if (wanted.length === 0) return new Map();
  const rows = await core.db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, { name: row.name, email: row.email }]));
}

/**
 * Fills {{ticket.reference}}, {{ticket.number}}, {{ticket.subject}}, {{ticket.status}},
 * {{ticket.priority}}, {{ticket.link}} (the requester's page), {{ticket.desk_link}}, {{requester.name}},
 * {{requester.email}}, {{assignee.name}} and {{rule.name}}; unknown placeholders stay as written.
 */
export async function fillRulePlaceholders(
  core: Core,
  text: string,
  facts: TicketFacts,
  ruleName: string,
  assigneeId: string | null,
): Promise<string> {
  const row = facts.row;
  const people = await peopleById(core, [row.requester_id, assigneeId]);
  const requester = people.get(row.requester_id);
  const origin = core.config.publicUrl.origin;
  const table: Record<string, string> = {
    'ticket.reference': ticketReference(Number(row.number)),
    'ticket.number': String(row.number),
    'ticket.subject': row.subject,
    'ticket.status': row.status,
    'ticket.priority': row.priority,
    'ticket.link': `${origin}/requests/${row.number}`,
    'ticket.desk_link': `${origin}/desk/tickets/${row.number}`,
    'requester.name': requester?.name ?? '',
    'requester.email': requester?.email ?? '',
    'assignee.name': (assigneeId && people.get(assigneeId)?.name) || 'unassigned',
    'rule.name': ruleName,
  };
  return text.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, key: string) => table[key] ?? whole);
}
