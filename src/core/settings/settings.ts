import { z } from 'zod';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { nowStored } from '../db/values.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';

const settingFields = {
  organisationName: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
  brandColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1d4ed8.'),
  logoUrl: z.union([
    z.literal(''),
    z.url({ protocol: /^https?$/, error: 'Enter an http(s) address, or leave it empty.' }),
  ]),
  signupEnabled: z.boolean(),
};

/** Portal-wide settings an admin edits; every key has a default, so a fresh portal needs none stored. */
export const portalSettingsSchema = z.object({
  organisationName: settingFields.organisationName.default('Portico'),
  brandColor: settingFields.brandColor.default('#1d4ed8'),
  logoUrl: settingFields.logoUrl.default(''),
  signupEnabled: settingFields.signupEnabled.default(true),
});
export type PortalSettings = z.infer<typeof portalSettingsSchema>;
/** Without defaults: a key a patch leaves out keeps its stored value. */
export const portalSettingsPatchSchema = z.object(settingFields).partial();
export type PortalSettingsPatch = z.input<typeof portalSettingsPatchSchema>;

const settingsKey = 'portal';

/**
 * The portal's settings, defaults filled in.
 * @example
 * const { organisationName, signupEnabled } = await getSettings(core.db);
 */
export async function getSettings(db: Db): Promise<PortalSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', settingsKey).executeTakeFirst();
  const stored: unknown = row ? JSON.parse(row.value) : {};
  const parsed = portalSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : portalSettingsSchema.parse({});
}

/** Changes some settings (admins only) and returns them all. */
export async function updateSettings(
  core: Core,
  actor: Actor | null,
  patch: PortalSettingsPatch,
): Promise<PortalSettings> {
  assertAdmin(actor);
  const changes = parseInput(portalSettingsPatchSchema, patch);
  return core.db.transaction().execute(async (trx) => {
    const next = portalSettingsSchema.parse({ ...(await getSettings(trx)), ...changes });
    const value = JSON.stringify(next);
    const updatedAt = nowStored();
    await trx
      .insertInto('settings')
      .values({ key: settingsKey, value, updated_at: updatedAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
      .execute();
    return next;
  });
}
