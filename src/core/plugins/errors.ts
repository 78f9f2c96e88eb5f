import type { Core } from '../context.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';

/** Failures in a row after which a plugin is paused until an admin resumes it. */
export const failuresBeforePause = 5;
const errorsKept = 50;

export interface PluginFailure {
  id: string;
  pluginId: string;
  source: string;
  message: string;
  createdAt: Date;
}

/**
 * Records a failure against a plugin, and pauses the plugin when its handlers or jobs failed too often
 * in a row (the circuit breaker); the caller carries on regardless. A slot that fails to render only
 * costs its own section, so it is recorded without counting towards the pause.
 */
export async function recordPluginFailure(
  core: Core,
  pluginId: string,
  source: string,
  error: unknown,
  options: { countTowardsPause?: boolean } = {},
): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  core.log.error({ plugin: pluginId, source, err: error }, 'plugin failed');
  try {
    await core.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('plugin_errors')
        .values({ id: newId(), plugin_id: pluginId, source, message, created_at: nowStored() })
        .execute();
      if (options.countTowardsPause === false) return;
      const updated = await trx
        .updateTable('plugin_installations')
        .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
        .where('id', '=', pluginId)
        .returning(['consecutive_failures', 'state'])
        .executeTakeFirst();
      if (updated && updated.state === 'enabled' && updated.consecutive_failures >= failuresBeforePause) {
        await trx
          .updateTable('plugin_installations')
          .set({
            state: 'paused',
            error: `Paused after ${updated.consecutive_failures} failures in a row; the last: ${source}: ${message}`,
            updated_at: nowStored(),
          })
          .where('id', '=', pluginId)
          .execute();
        core.log.warn({ plugin: pluginId }, 'plugin paused by its circuit breaker');
      }
      const stale = await trx
        .selectFrom('plugin_errors')
        .select('id')
        .where('plugin_id', '=', pluginId)
        .orderBy('created_at', 'desc')
        .offset(errorsKept)
        .limit(1000)
        .execute();
      if (stale.length > 0) {
        await trx
          .deleteFrom('plugin_errors')
          .where(
            'id',
            'in',
            stale.map((row) => row.id),
          )
          .execute();
      }
    });
  } catch (storeError) {
    core.log.error({ plugin: pluginId, err: storeError }, 'could not record a plugin failure');
  }
}

/** A success ends a run of failures, so only failures in a row trip the breaker. */
export async function recordPluginSuccess(core: Core, pluginId: string): Promise<void> {
  await core.db
    .updateTable('plugin_installations')
    .set({ consecutive_failures: 0 })
    .where('id', '=', pluginId)
    .where('consecutive_failures', '>', 0)
    .execute();
}

/** The latest failures of a plugin, newest first. */
export async function listPluginFailures(core: Core, pluginId: string, limit = 20): Promise<PluginFailure[]> {
  const rows = await core.db
    .selectFrom('plugin_errors')
    .selectAll()
    .where('plugin_id', '=', pluginId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    pluginId: row.plugin_id,
    source: row.source,
    message: row.message,
    createdAt: fromStoredTime(row.created_at),
  }));
}
