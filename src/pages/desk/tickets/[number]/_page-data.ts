import type { Core } from '../../../../core/context.ts';
import {
  fillPlaceholders,
  listCannedResponses,
  listTickets,
  notePresence,
  ticketHistory,
} from '../../../../core/tickets/index.ts';
import type { TicketDetail } from '../../../../core/tickets/index.ts';
import { listGroups, listUsers } from '../../../../core/users/index.ts';
import type { User } from '../../../../core/users/index.ts';
import type { Translate } from '../../../../i18n/index.ts';
import { presenceLines } from './_presence-lines.ts';

/** Everything the ticket page shows besides the ticket itself, loaded at once. */
export async function loadTicketPage(core: Core, user: User, detail: TicketDetail, t: Translate) {
  const number = detail.ticket.number;
  const [history, canned, groups, agents, admins, earlier, others] = await Promise.all([
    ticketHistory(core, user, number),
    listCannedResponses(core, user),
    listGroups(core, user),
    listUsers(core, user, { role: 'agent', active: true, limit: 200 }),
    listUsers(core, user, { role: 'admin', active: true, limit: 200 }),
    listTickets(core, user, { requesterId: detail.requester.id, sort: 'newest' }, { limit: 6 }),
    notePresence(core, user, number, 'viewing'),
  ]);
  const values = {
    requester: { name: detail.requester.name, email: detail.requester.email },
    ticket: { reference: detail.ticket.reference, subject: detail.ticket.subject },
    agent: { name: user.name },
  };
  return {
    history: history ?? [],
    canned: canned.map((response) => ({
      id: response.id,
      title: response.title,
      shared: response.ownerId === null,
      filled: fillPlaceholders(response.body, values),
    })),
    groups,
    staff: [...agents.users, ...admins.users].sort((a, b) => a.name.localeCompare(b.name)),
    earlier: earlier.tickets.filter((other) => other.id !== detail.ticket.id).slice(0, 5),
    presence: presenceLines(t, others),
  };
}

/** The success notices after a 303, by the `notice` query parameter. */
export function ticketNotice(t: Translate, params: URLSearchParams): string | undefined {
  const notices: Record<string, () => string> = {
    replied: () => t('desk.ticket.notice.replied'),
    noted: () => t('desk.ticket.notice.noted'),
    saved: () => t('desk.ticket.notice.saved'),
    unchanged: () => t('desk.ticket.notice.unchanged'),
    assigned: () => t('desk.ticket.notice.assigned'),
    linked: () => t('desk.ticket.notice.linked'),
    unlinked: () => t('desk.ticket.notice.unlinked'),
    watching: () => t('desk.ticket.notice.watching'),
    unwatched: () => t('desk.ticket.notice.unwatched'),
    merged: () => t('desk.ticket.notice.merged', { from: `PT-${Number(params.get('from')) || '?'}` }),
    'problem-resolved': () => t('desk.ticket.notice.problemResolved', { count: Number(params.get('count')) || 0 }),
  };
  return notices[params.get('notice') ?? '']?.();
}

/** Each form shows its own problem; one from an unknown intent (a stale or forged form) shows at the top. */
export const formIntents = [
  'reply',
  'article',
  'properties',
  'assign-me',
  'watch',
  'unwatch',
  'parent',
  'detach-parent',
  'add-child',
  'detach-child',
  'problem',
  'unlink-problem',
  'resolve-problem',
  'relate',
  'unrelate',
  'merge',
];
