import type { Core } from '../context.ts';
import { ticketStateEvents, ticketsOf } from '../events/index.ts';
import { rebuildReportFacts, refreshFacts } from './facts.ts';

export const rebuildJobType = 'reports.rebuild-facts';

/**
 * Keeps the report facts current: each batch of ticket events recomputes their tickets' facts (after
 * the SLA handlers, whose state they read — call installReports after installSla), and defines the
 * `reports.rebuild-facts` job that the migration queues to backfill existing tickets.
 * Listens to ticket.created, .updated and .replied: a resolve, close or reopen always comes with
 * ticket.updated (see ticketStateEvents), so listening to those too would recompute twice.
 */
export function installReports(core: Core): void {
  core.events.onBatch(ticketStateEvents, async (events) => {
    await refreshFacts(core, ticketsOf(events));
  });
  core.jobs.define({
    type: rebuildJobType,
    maxAttempts: 3,
    run: async () => {
      const { tickets } = await rebuildReportFacts(core);
      core.log.info({ tickets }, 'report facts rebuilt');
    },
  });
}
