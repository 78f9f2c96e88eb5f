/** enabled: handlers, jobs, pages run; disabled: an admin turned it off; paused: the circuit breaker did. */
export type PluginState = 'enabled' | 'disabled' | 'paused';

/** One row per installed plugin (its migrations ran); uninstalling deletes the row. */
export interface PluginInstallationTable {
  id: string;
  /** The version whose migrations ran last. */
  version: string;
  state: PluginState;
  /** JSON of the settings as saved (validated against the plugin's schema when read). */
  settings: string;
  /** JSON object of sealed (encrypted) write-only secrets by name. */
  secrets: string;
  /** Why it is paused, or the last migration error. */
  error: string | null;
  consecutive_failures: number;
  installed_at: string;
  updated_at: string;
}

/** Which roles hold a plugin's permission, once an admin mapped it (else the plugin's defaults apply). */
export interface PluginPermissionRoleTable {
  plugin_id: string;
  permission: string;
  role: string;
}

/** Failures of a plugin's handlers, jobs, slots and migrations, newest kept, for admins to read. */
export interface PluginErrorTable {
  id: string;
  plugin_id: string;
  /** What failed: `event ticket.resolved`, `job reminders`, `slot ticket.sidebar/v1`, `migration`. */
  source: string;
  message: string;
  created_at: string;
}
