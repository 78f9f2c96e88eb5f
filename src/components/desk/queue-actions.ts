import type { Core } from '../../core/context.ts';
import { PorticoError } from '../../core/errors.ts';
import {
  bulkUpdateTickets,
  deleteSavedView,
  parseTicketReference,
  prioritySchema,
  saveView,
  statusSchema,
  ticketReference,
} from '../../core/tickets/index.ts';
import type { TicketFilter, TicketPatch } from '../../core/tickets/index.ts';
import type { User } from '../../core/users/index.ts';
import type { Translate } from '../../i18n/index.ts';
import type { QueueNotice } from './queue-notice.ts';

export const bulkIntents = ['assign-me', 'assign', 'status', 'priority', 'group'] as const;
type BulkIntent = (typeof bulkIntents)[number];
/** The select value that clears the assignee or group. */
export const noneValue = 'none';

function invalid(field: string, message: string): PorticoError {
  return new PorticoError('invalid_input', message, { details: { fields: { [field]: message } } });
}

function bulkPatch(
  t: Translate,
  user: User,
  intent: BulkIntent,
  form: FormData,
): Pick<TicketPatch, 'status' | 'assigneeId' | 'groupId' | 'priority'> {
  const value = (name: string) => {
    const raw = form.get(name);
    return typeof raw === 'string' ? raw.trim() : '';
  };
  const required = (name: string, message: string) => {
    const raw = value(name);
    if (!raw) throw invalid(name, message);
    return raw;
  };
  switch (intent) {
    case 'assign-me':
      return { assigneeId: user.id };
    case 'assign': {
      const id = required('assigneeId', t('desk.queue.bulk.chooseAgent'));
      return { assigneeId: id === noneValue ? null : id };
    }
    case 'group': {
      const id = required('groupId', t('desk.queue.bulk.chooseGroup'));
      return { groupId: id === noneValue ? null : id };
    }
    case 'status': {
      const parsed = statusSchema.safeParse(required('status', t('desk.queue.bulk.chooseStatus')));
      if (!parsed.success) throw invalid('status', t('desk.queue.bulk.chooseStatus'));
      return { status: parsed.data };
    }
    case 'priority': {
      const parsed = prioritySchema.safeParse(required('priority', t('desk.queue.bulk.choosePriority')));
      if (!parsed.success) throw invalid('priority', t('desk.queue.bulk.choosePriority'));
      return { priority: parsed.data };
    }
  }
}

async function runBulk(core: Core, user: User, t: Translate, intent: BulkIntent, form: FormData): Promise<QueueNotice> {
  const numbers = form
    .getAll('number')
    .map((entry) => (typeof entry === 'string' ? parseTicketReference(entry) : undefined))
    .filter((number): number is number => number !== undefined);
  if (numbers.length === 0) throw invalid('number', t('desk.queue.bulk.chooseTickets'));
  const { updated, failed } = await bulkUpdateTickets(core, user, numbers, bulkPatch(t, user, intent, form));
  const title =
    failed.length > 0
      ? t('desk.queue.bulk.partly', { count: updated.length, total: numbers.length, failed: failed.length })
      : updated.length === 1
        ? t('desk.queue.bulk.updated.one')
        : t('desk.queue.bulk.updated', { count: updated.length });
  const lines = failed
    .slice(0, 9)
    .map((failure) =>
      t('desk.queue.bulk.failure', { number: ticketReference(failure.number), reason: failure.message }),
    );
  if (failed.length > 9) lines.push(t('desk.queue.bulk.more', { count: failed.length - 9 }));
  return { kind: failed.length === 0 ? 'success' : updated.length === 0 ? 'error' : 'info', title, lines };
}

/**
 * Runs one of the queue page's POSTs: a bulk change, saving the current filters as a view, or
 * deleting a view. Returns the notice for the next page; a refusal throws a PorticoError.
 * @example
 * const notice = await runQueueAction(core, agent, t, await request.formData(), filter);
 */
export async function runQueueAction(
  core: Core,
  user: User,
  t: Translate,
  form: FormData,
  filter: TicketFilter,
): Promise<QueueNotice> {
  const intent = String(form.get('intent') ?? '');
  if ((bulkIntents as readonly string[]).includes(intent)) return runBulk(core, user, t, intent as BulkIntent, form);
  if (intent === 'save-view') {
    const view = await saveView(core, user, { name: String(form.get('name') ?? ''), filters: filter });
    return { kind: 'success', title: t('desk.queue.views.saved', { name: view.name }), lines: [] };
  }
  if (intent === 'delete-view') {
    await deleteSavedView(core, user, String(form.get('viewId') ?? ''));
    return { kind: 'success', title: t('desk.queue.views.deleted'), lines: [] };
  }
  throw new PorticoError('invalid_input', t('desk.queue.unknownAction'));
}
