import type { Core } from '../context.ts';
import { ticketStateEvents } from '../events/index.ts';
import { rebuildReportFacts, refreshFacts } from './facts.ts';

export const rebuildJobType = 'reports.rebuild-facts';

/**
 * Keeps the report facts current: every ticket event recomputes that ticket's facts (after the SLA
 * handlers, whose state they read — call installReports after installSla), and defines the
 * `reports.rebuild-facts` job that the migration queues to backfill existing tickets.
 * Listens to ticket.created, .updated and .replied: a resolve, close or reopen always comes with
 * ticket.updated (see ticketStateEvents), so listening to those too would recompute twice.
 */
export function installReports(core: Core): void {
  for (const type of ticketStateEvents) {
    core.events.on(type, async (event) => {
      await refreshFacts(core, [(event.payload as { ticketId: string }).ticketId]);
    });
  }
  core.jobs.define({
    type: rebuildJobType,
    maxAttempts: 3,
    run: async () => {
      const { tickets } = await rebuildReportFacts(core);
      core.log.info({ tickets }, 'report facts rebuilt');
    },
  });
}
