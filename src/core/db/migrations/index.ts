import type { Migration } from 'kysely/migration';
import * as accounts from './2026_11_23_1800_accounts.ts';
import * as knowledgeBase from './2026_11_23_1900_knowledge_base.ts';
import * as serviceDesk from './2026_11_23_2130_service_desk.ts';
import * as jobs from './2026_11_23_2300_jobs.ts';
import * as sla from './2026_11_23_2310_sla.ts';
import * as webhooks from './2026_11_23_2320_webhooks.ts';
import * as notifications from './2026_11_23_2330_notifications.ts';
import * as rules from './2026_11_23_2340_rules.ts';
import * as ticketHolds from './2026_11_23_2345_ticket_holds.ts';
import * as approvals from './2026_11_23_2350_approvals.ts';
import * as escalations from './2026_11_23_2355_escalations.ts';
import * as plugins from './2026_11_24_0000_plugins.ts';
import * as reports from './2026_11_24_0100_reports.ts';
import * as mail from './2026_11_24_0200_mail.ts';
import * as outboxLeases from './2026_11_24_0300_outbox_leases.ts';
import * as idempotency from './2026_11_24_0400_idempotency.ts';
import * as publicContentVersion from './2026_11_24_0500_public_content_version.ts';

/** Every core migration, in order. Imported explicitly so the list works in the Vite bundle and in plain Node. */
export const migrations: Record<string, Migration> = {
  '2026_11_23_1800_accounts': accounts,
  '2026_11_23_1900_knowledge_base': knowledgeBase,
  '2026_11_23_2130_service_desk': serviceDesk,
  '2026_11_23_2300_jobs': jobs,
  '2026_11_23_2310_sla': sla,
  '2026_11_23_2320_webhooks': webhooks,
  '2026_11_23_2330_notifications': notifications,
  '2026_11_23_2340_rules': rules,
  '2026_11_23_2345_ticket_holds': ticketHolds,
  '2026_11_23_2350_approvals': approvals,
  '2026_11_23_2355_escalations': escalations,
  '2026_11_24_0000_plugins': plugins,
  '2026_11_24_0100_reports': reports,
  '2026_11_24_0200_mail': mail,
  '2026_11_24_0300_outbox_leases': outboxLeases,
  '2026_11_24_0400_idempotency': idempotency,
  '2026_11_24_0500_public_content_version': publicContentVersion,
};
