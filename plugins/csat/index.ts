import { definePlugin } from 'portico/plugin-api';
import * as surveysAndResponses from './migrations/2026_11_25_0900_surveys_and_responses.ts';
import { recoverService } from './recovery.ts';
import { settingsSchema } from './settings.ts';
import { sendDueSurveys, sendReminders } from './survey-mail.ts';
import { onTicketReopened, onTicketResolved } from './ticket-events.ts';
import type { CsatTables } from './tables.ts';

declare module 'portico/plugin-api' {
  interface PluginEvents {
    /** A requester rated a resolved ticket (subjectId: the ticket's id; actorId: the requester). */
    'csat.responded': {
      responseId: string;
      ticketId: string;
      ticketNumber: number;
      rating: number;
      agentId: string | null;
      groupId: string | null;
      requesterId: string;
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the plugin's tables in
  interface PluginDatabase extends CsatTables {}
}

export default definePlugin({
  id: 'csat',
  name: 'Customer satisfaction (CSAT)',
  version: '1.0.0',
  portico: '^0.1.0',
  description:
    'Asks requesters to rate resolved tickets (1–5, one click from the mail or on the request page), follows up low ratings, and reports CSAT % by week, agent, group and request type.',
  settings: settingsSchema,
  migrations: { '2026_11_25_0900_surveys_and_responses': surveysAndResponses },
  emits: ['csat.responded'],
  on: {
    'ticket.resolved': (event, ctx) => onTicketResolved(ctx, event.payload.ticketId),
    'ticket.reopened': (event, ctx) => onTicketReopened(ctx, event.payload.ticketId),
    'csat.responded': (event, ctx) => recoverService(ctx, event.payload),
  },
  jobs: {
    'send-surveys': { every: '1m', run: (ctx, now) => sendDueSurveys(ctx, now).then(() => undefined) },
    'send-reminders': { every: '15m', run: (ctx, now) => sendReminders(ctx, now).then(() => undefined) },
  },
  nav: [{ area: 'desk', label: 'CSAT', path: '', role: 'agent', permission: 'csat.view' }],
  slots: {
    'ticket.sidebar/v1': './components/TicketSidebar.astro',
    'reports.dashboard/v1': './components/ReportsTile.astro',
  },
  permissions: [
    {
      key: 'csat.view',
      label: 'View CSAT reports',
      description: 'See the satisfaction dashboard, its export, and ratings on tickets.',
      defaultRoles: ['agent'],
    },
  ],
});
