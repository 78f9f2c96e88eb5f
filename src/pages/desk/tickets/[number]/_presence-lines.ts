import type { Presence } from '../../../../core/tickets/index.ts';
import type { Translate } from '../../../../i18n/index.ts';

/** "Sam Support is also replying to this ticket.": one line per other agent present. */
export function presenceLines(t: Translate, others: Presence[]): string[] {
  return others.map((other) =>
    t(other.activity === 'replying' ? 'desk.ticket.presence.replying' : 'desk.ticket.presence.viewing', {
      name: other.name,
    }),
  );
}
