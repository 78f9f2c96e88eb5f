import { createTestCore } from 'portico/plugin-api/testing';
import type { TestCore } from 'portico/plugin-api/testing';
import recognition from '../index.ts';
import type { RecognitionContext, RecognitionSettings } from '../settings.ts';

export async function setup(): Promise<TestCore & { ctx(): Promise<RecognitionContext> }> {
  const t = await createTestCore([recognition]);
  return Object.assign(t, { ctx: async () => (await t.context('recognition')) as RecognitionContext });
}

/** Saves the plugin's settings as an admin would (what is not given keeps its default). */
export async function saveSettings(t: TestCore, settings: Partial<RecognitionSettings>): Promise<void> {
  await t.core.db
    .updateTable('plugin_installations')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', 'recognition')
    .execute();
}

export const at = (iso: string) => new Date(iso);
