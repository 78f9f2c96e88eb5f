import type { Kysely, Transaction } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { z } from 'zod';
import type { EventPayloads } from '../core/events/event-types.ts';
import type { CoreApi, PortalUser, Role } from './core-api.ts';

/**
 * Events that plugins emit, by type (`<plugin id>.<name>`). A plugin that emits events declares them
 * by merging into this interface, which types both its `ctx.emit` calls and other plugins' handlers:
 * @example
 * declare module 'portico/plugin-api' {
 *   interface PluginEvents {
 *     'csat.responded': { ticketId: string; rating: number; agentId: string | null };
 *   }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface PluginEvents {}

/**
 * The tables of every plugin, by name (`plugin_<id>_<table>`), for typed queries on `ctx.db`. Merge
 * a plugin's tables in the same way as its events:
 * @example
 * declare module 'portico/plugin-api' {
 *   interface PluginDatabase {
 *     plugin_csat_responses: { id: string; ticket_id: string; rating: number };
 *   }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface PluginDatabase {}

/** Every event a plugin can handle: the core's and those other plugins declare. */
export type AnyEventPayloads = EventPayloads & PluginEvents;
export type AnyEventType = keyof AnyEventPayloads & string;

/** An event as a handler receives it, after the transaction that wrote it committed. */
export interface PluginEvent<Type extends AnyEventType = AnyEventType> {
  id: string;
  type: Type;
  /** The id of what the event is about (a ticket's id for ticket events). */
  subjectId: string;
  actorId: string | null;
  payload: AnyEventPayloads[Type];
  createdAt: Date;
}

/** The places in Portico's pages where plugins render components; the suffix is the props' version. */
export type SlotName = keyof SlotProps;

/** What each slot's component receives as `Astro.props`. */
export interface SlotProps {
  /** The portal's home page, below the catalog: everyone, signed in or not. */
  'portal.home/v1': { viewer: PortalUser | null };
  /** Beside a ticket, on the desk (agents) and on the requester's page (customers). */
  'ticket.sidebar/v1': { viewer: PortalUser; ticketId: string; ticketNumber: number; audience: 'desk' | 'portal' };
  /** The agent desk's home, above the queues. */
  'desk.dashboard/v1': { viewer: PortalUser };
  /** A section of the signed-in user's account page. */
  'account.page/v1': { viewer: PortalUser };
  /** The admin console's overview. */
  'admin.dashboard/v1': { viewer: PortalUser };
  /** The desk's service reports, as tiles beside the KPIs, for the period being looked at. */
  'reports.dashboard/v1': { viewer: PortalUser; from: Date; to: Date };
}

export const slotNames = [
  'portal.home/v1',
  'ticket.sidebar/v1',
  'desk.dashboard/v1',
  'account.page/v1',
  'admin.dashboard/v1',
  'reports.dashboard/v1',
] as const satisfies readonly SlotName[];

/** A logger scoped to one plugin: every line carries the plugin's id. */
export interface PluginLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface EmitOptions {
  /** The id of what the event is about. */
  subjectId: string;
  /** Who caused it, if a person did. */
  actorId?: string | null;
  /** Emit inside this transaction, so the event exists exactly when the change does. */
  trx?: Transaction<PluginDatabase>;
}

/** What a handler, job or page of a plugin works with: capabilities, not the core's internals. */
export interface PluginContext<Settings = Record<string, unknown>> {
  readonly plugin: { readonly id: string; readonly version: string };
  readonly log: PluginLogger;
  /** The plugin's settings as the admin saved them, with the schema's defaults filled in. */
  readonly settings: Settings;
  /**
   * A Kysely handle that may only touch this plugin's own tables (`plugin_<id>_*`): any query naming
   * another table is refused. Core data is read and changed through `core`.
   */
  readonly db: Kysely<PluginDatabase>;
  /** The core's public functions. */
  readonly core: CoreApi;
  /** A write-only secret's value (set by an admin), or null when it is not set. */
  secret(name: string): Promise<string | null>;
  /** Writes one of the plugin's declared events to the outbox; it is delivered after commit. */
  emit<Type extends keyof PluginEvents & string>(
    type: Type,
    payload: PluginEvents[Type],
    options: EmitOptions,
  ): Promise<void>;
  /** Whether a user holds a permission (`<id>.<verb>`, this plugin's or another's), as admins mapped it. */
  can(user: PortalUser | null, permission: string): Promise<boolean>;
}

export type EventHandlers<Settings> = {
  [Type in AnyEventType]?: (event: PluginEvent<Type>, ctx: PluginContext<Settings>) => Promise<void> | void;
};

export interface PluginJob<Settings> {
  /** An interval: `30s`, `15m`, `1h`, `1d`. Give this or `cron`. */
  every?: string;
  /** A five-field cron expression in UTC (`0 8 * * 1`: Mondays at 08:00). */
  cron?: string;
  run(ctx: PluginContext<Settings>, now: Date): Promise<void> | void;
}

export interface NavEntry {
  area: 'portal' | 'desk' | 'admin';
  label: string;
  /** A path under the plugin's pages, relative to `/plugins/<id>/` (`''` is its index page). */
  path: string;
  /** The least role that sees the entry (customer < agent < admin); everyone when unset. */
  role?: Role;
  /** Shown only to users holding this permission. */
  permission?: string;
}

export interface PermissionDeclaration {
  /** `<plugin id>.<verb>`, e.g. `training.manage`. */
  key: string;
  label: string;
  description?: string;
  /** Roles that hold it until an admin maps it otherwise; admins always hold every permission. */
  defaultRoles: Role[];
}

export interface SecretDeclaration {
  label: string;
  description?: string;
}

/** What `definePlugin` accepts. Everything but the identity is optional. */
export interface PluginDefinition<Id extends string = string, SettingsSchema extends z.ZodObject = z.ZodObject> {
  /** Lowercase letters, digits and dashes, starting with a letter; the folder's name. */
  id: Id;
  name: string;
  /** The plugin's version (semver). A higher version runs its new migrations at the next start. */
  version: string;
  /** The Portico versions it supports, as a semver range (`^0.1.0`). */
  portico: string;
  description: string;
  /** A zod object whose every field has a default; the admin form is generated from it. */
  settings?: SettingsSchema;
  /** Write-only values (API keys): admins set them, nobody reads them back, handlers call ctx.secret(). */
  secrets?: Record<string, SecretDeclaration>;
  /** Kysely migrations by name, applied in name order; tables must be named `plugin_<id>_*`. */
  migrations?: Record<string, Migration>;
  /** Event types this plugin emits (`<id>.<name>`); declare their payloads in `PluginEvents`. */
  emits?: readonly string[];
  on?: EventHandlers<z.output<SettingsSchema>>;
  jobs?: Record<string, PluginJob<z.output<SettingsSchema>>>;
  nav?: readonly NavEntry[];
  /** Slot components by slot name: paths to `.astro` files, relative to the plugin's folder. */
  slots?: Partial<Record<SlotName, string>>;
  permissions?: readonly PermissionDeclaration[];
  /** Other plugins this one needs, with the versions it supports (`{ csat: '^1.0.0' }`). */
  requires?: Record<string, string>;
  /** How long one handler or job run may take before it is abandoned and logged; 5 s when unset. */
  timeoutMs?: number;
}

/** The settings type of a plugin definition. */
export type SettingsOf<Definition> =
  Definition extends PluginDefinition<string, infer Schema> ? z.output<Schema> : never;
