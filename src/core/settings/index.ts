export { getSettings, portalSettingsPatchSchema, portalSettingsSchema, updateSettings } from './settings.ts';
export type { PortalSettings, PortalSettingsPatch } from './settings.ts';
