import { priorities, queues, ticketStatuses } from '../../core/tickets/index.ts';
import type { Queue, TicketFilter } from '../../core/tickets/index.ts';

/** The filters read from and written to query strings, by the names ticketFilterSchema uses. */
const singleKeys = [
  'kind',
  'groupId',
  'assigneeId',
  'requestTypeId',
  'requesterId',
  'organisationId',
  'tag',
  'q',
  'sort',
] as const;

export const defaultQueue: Queue = 'mine';

export function isQueue(value: string): value is Queue {
  return (queues as readonly string[]).includes(value);
}

/**
 * The desk's filter from a query string: lists may come as repeated params (`status=new&status=open`)
 * or comma separated; empty values (a select left on "Any") are dropped. Unknown values pass through,
 * so the core's schema answers with a message for the field.
 * @example
 * filterFromParams(new URLSearchParams('queue=unassigned&status=new&status=open'));
 */
export function filterFromParams(params: URLSearchParams): TicketFilter {
  const filter: Record<string, unknown> = { queue: params.get('queue')?.trim() || defaultQueue };
  for (const key of ['status', 'priority'] as const) {
    const values = params
      .getAll(key)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(Boolean);
    if (values.length > 0) filter[key] = [...new Set(values)];
  }
  for (const key of singleKeys) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value;
  }
  return filter as TicketFilter;
}

const rank = (order: readonly string[]) => (a: string, b: string) => order.indexOf(a) - order.indexOf(b);

/** The canonical query string of a filter (same filter, same string), without the page cursor. */
export function paramsFromFilter(filter: TicketFilter): URLSearchParams {
  const params = new URLSearchParams();
  params.set('queue', filter.queue ?? 'all');
  const lists = { status: ticketStatuses, priority: priorities } as const;
  for (const key of ['status', 'priority'] as const) {
    const value = filter[key];
    const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
    for (const item of [...new Set(list)].sort(rank(lists[key]))) params.append(key, item);
  }
  for (const key of singleKeys) {
    const value = filter[key];
    if (value === undefined || value === '' || (key === 'sort' && value === 'updated')) continue;
    params.set(key, String(value));
  }
  return params;
}

/** The queue page's address for a filter, optionally at a page cursor. */
export function queueHref(filter: TicketFilter, cursor?: string | null): string {
  const params = paramsFromFilter(filter);
  if (cursor) params.set('cursor', cursor);
  return `/desk?${params.toString()}`;
}

/** True when the filter narrows its queue (anything besides the queue and the sort order). */
export function isNarrowed(filter: TicketFilter): boolean {
  const params = paramsFromFilter(filter);
  params.delete('queue');
  params.delete('sort');
  return params.size > 0;
}
