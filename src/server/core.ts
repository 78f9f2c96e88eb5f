import { pluginCandidates } from 'virtual:portico/plugins';
import { runScheduledBackup } from '../core/backup/index.ts';
import { loadConfig } from '../core/config.ts';
import { installReports, sendWeeklyDigests } from '../core/reports/index.ts';
import { pollMailboxes } from '../core/mail/index.ts';
import { createCore } from '../core/context.ts';
import type { Core } from '../core/context.ts';
import { pruneDeliveredEvents } from '../core/events/index.ts';
import { applyStoredSynonyms, drainSearchOutbox } from '../core/kb/index.ts';
import { installNotifications } from '../core/notifications/index.ts';
import { installApprovals } from '../core/approvals/index.ts';
import { installAutomation, runScheduledRules } from '../core/automation/index.ts';
import { checkSlaDeadlines, installEscalations, installSla, runEscalations } from '../core/sla/index.ts';
import { closeResolvedTickets, pruneIdempotencyKeys } from '../core/tickets/index.ts';
import { installWebhooks } from '../core/webhooks/index.ts';
import {
  createPluginHost,
  installPluginRuntime,
  porticoVersion,
  schedulePluginJobs,
  upgradeInstalledPlugins,
} from '../core/plugins/index.ts';

let core: Core | undefined;
let draining: Promise<unknown> | undefined;

/**
 * Applies pending search-index changes now, in the background; a failure is logged and the outbox
 * keeps the changes for the next attempt. Concurrent calls share one drain.
 */
export function indexSoon(target: Core): void {
  draining ??= drainSearchOutbox(target)
    .catch((error: unknown) => target.log.warn({ err: error }, 'search index update failed; will retry'))
    .finally(() => {
      draining = undefined;
    });
}

/** The process's one core, created on first use from the environment, with its index worker. */
export function getCore(): Core {
  if (!core) {
    const created = createCore(loadConfig(), { plugins: createPluginHost(pluginCandidates, porticoVersion) });
    core = created;
    installSla(created);
    // After installSla: escalations read the SLA state its handler has just recomputed.
    installEscalations(created);
    // After installSla too: the report facts read the SLA state its handler has just updated.
    installReports(created);
    installNotifications(created);
    installWebhooks(created, { allowPrivateNetworks: created.config.webhooksAllowPrivate });
    installApprovals(created);
    installAutomation(created);
    // Last: plugins see events after the core's own handlers have reacted to them.
    installPluginRuntime(created);
    upgradeInstalledPlugins(created).catch((error: unknown) =>
      created.log.error({ err: error }, 'could not upgrade plugins'),
    );
    applyStoredSynonyms(created).catch((error: unknown) => created.log.warn({ err: error }, 'could not load synonyms'));
    // Catches changes written by other processes (the CLI, other instances) and retries failures.
    setInterval(() => indexSoon(created), 2000).unref();
    // Delivers events written by other processes, and retries what a crash interrupted.
    setInterval(() => created.events.dispatchSoon(), 2000).unref();
    setInterval(() => runJobsSoon(created), 2000).unref();
    setInterval(() => runMinutely(created), 60_000).unref();
    // Inbound mail: every active mailbox; overlapping calls share one run.
    setInterval(
      () =>
        void pollMailboxes(created).catch((error: unknown) => created.log.error({ err: error }, 'mail poll failed')),
      30_000,
    ).unref();
  }
  return core;
}

let minutely: Promise<unknown> | undefined;

/**
 * The once-a-minute jobs: close tickets resolved for 7 days, announce SLA risks and breaches, run due
 * escalations and scheduled automation rules, prune delivered events, write the scheduled backup, mail group leads their weekly digest.
 */
function runMinutely(target: Core): void {
  minutely ??= closeResolvedTickets(target)
    .then(() => checkSlaDeadlines(target, new Date()))
    .then(() => runEscalations(target, new Date()))
    .then(() => runScheduledRules(target, new Date()))
    .then(() => pruneDeliveredEvents(target.db))
    .then(() => pruneIdempotencyKeys(target))
    .then(() => runScheduledBackup(target))
    .then(() => sendWeeklyDigests(target, new Date()))
    .catch((error: unknown) => target.log.warn({ err: error }, 'scheduled job failed; will retry'))
    .finally(() => {
      minutely = undefined;
    });
}

let jobsRunning: Promise<unknown> | undefined;

/** Runs the durable jobs that are due (mail, webhook deliveries); failures are retried by the queue. */
export function runJobsSoon(target: Core): void {
  jobsRunning ??= schedulePluginJobs(target)
    .then(() => target.jobs.runDue())
    .catch((error: unknown) => target.log.warn({ err: error }, 'job queue run failed; will retry'))
    .finally(() => {
      jobsRunning = undefined;
    });
}
