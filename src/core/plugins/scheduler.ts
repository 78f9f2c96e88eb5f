import { z } from 'zod';
import type { Core } from '../context.ts';
import { enqueueJob } from '../jobs/index.ts';
import { enabledPlugins, isPluginEnabled } from './installations.ts';
import { runIsolated } from './run-isolated.ts';
import { parseSchedule } from './schedule.ts';

export const pluginJobType = 'plugin.job';
const payloadSchema = z.object({ plugin: z.string(), job: z.string(), slot: z.string() });

/**
 * Defines the durable job that runs plugins' scheduled work. Each run is one queued job per plugin, job
 * and time slot (deduplicated by key), so many instances run a slot once, and a restart loses none.
 */
export function installPluginJobs(core: Core): void {
  core.jobs.define<unknown>({
    type: pluginJobType,
    async run(payload) {
      const parsed = payloadSchema.safeParse(payload);
      if (!parsed.success) return;
      const { plugin: id, job: name, slot } = parsed.data;
      const plugin = core.plugins.find(id);
      const job = plugin?.definition?.jobs?.[name];
      if (!plugin?.definition || !job || !(await isPluginEnabled(core, id))) return;
      await runIsolated(core, plugin.definition, `job ${name}`, (ctx) => job.run(ctx, new Date(slot)));
    },
  });
}

// Per core (database): which slot was queued last, so a tick that has nothing new to queue writes nothing.
const queuedSlots = new WeakMap<object, Map<string, number>>();

/**
 * Queues the current slot of every enabled plugin's jobs that has not been queued yet; called every few
 * seconds by the server. Returns how many runs it queued.
 */
export async function schedulePluginJobs(core: Core, now = new Date()): Promise<number> {
  let queued = 0;
  const lastQueued = queuedSlots.get(core.db) ?? new Map<string, number>();
  queuedSlots.set(core.db, lastQueued);
  for (const plugin of await enabledPlugins(core)) {
    for (const [name, job] of Object.entries(plugin.definition.jobs ?? {})) {
      const slot = parseSchedule(job).latestSlot(now);
      const key = `plugin:${plugin.id}:${name}`;
      if (lastQueued.get(key) === slot.getTime()) continue;
      await enqueueJob(
        core.db,
        pluginJobType,
        { plugin: plugin.id, job: name, slot: slot.toISOString() },
        { runAt: slot, dedupeKey: `${key}:${slot.toISOString()}`, maxAttempts: 1 },
      );
      lastQueued.set(key, slot.getTime());
      queued++;
    }
  }
  return queued;
}
