import semver from 'semver';
import { z } from 'zod';
import { eventTypes } from '../events/event-types.ts';
import { slotNames } from '../../plugin-api/types.ts';
import type { PluginDefinition } from '../../plugin-api/types.ts';
import { parseSchedule } from './schedule.ts';

const isFunction = (value: unknown) => typeof value === 'function';
const fn = z.custom<(...args: never[]) => unknown>(isFunction, 'must be a function');
const role = z.enum(['customer', 'agent', 'admin']);
const versionRange = z
  .string()
  .refine((range) => semver.validRange(range) !== null, 'must be a semver range like ^1.0.0');

const manifestSchema = z
  .object({
    id: z
      .string()
      .max(40, 'must be at most 40 characters')
      .regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, starting with a letter'),
    name: z.string().trim().min(1, 'must not be empty').max(80),
    version: z.string().refine((version) => semver.valid(version) !== null, 'must be a semver version like 1.0.0'),
    portico: versionRange,
    description: z.string().trim().min(1, 'must not be empty').max(500),
    settings: z.custom<z.ZodObject>((value) => value instanceof z.ZodObject, 'must be a z.object({...})').optional(),
    secrets: z
      .record(
        z.string().regex(/^[a-zA-Z][\w-]*$/, 'secret names are letters, digits, - and _'),
        z.object({ label: z.string().min(1), description: z.string().optional() }).strict(),
      )
      .optional(),
    migrations: z.record(z.string(), z.object({ up: fn, down: fn.optional() })).optional(),
    emits: z.array(z.string()).optional(),
    on: z.record(z.string(), fn).optional(),
    jobs: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]*$/, 'job names are lowercase letters, digits and dashes'),
        z.object({ every: z.string().optional(), cron: z.string().optional(), run: fn }).strict(),
      )
      .optional(),
    nav: z
      .array(
        z
          .object({
            area: z.enum(['portal', 'desk', 'admin']),
            label: z.string().trim().min(1),
            path: z.string().regex(/^[\w\-./]*$/, 'must be a relative path under the plugin'),
            role: role.optional(),
            permission: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    slots: z
      .record(z.string(), z.string().regex(/^\.\/[\w\-./]+\.astro$/, 'must be a path like ./components/Name.astro'))
      .optional(),
    permissions: z
      .array(
        z
          .object({
            key: z.string(),
            label: z.string().min(1),
            description: z.string().optional(),
            defaultRoles: z.array(role),
          })
          .strict(),
      )
      .optional(),
    requires: z.record(z.string(), versionRange).optional(),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
  })
  .strict();

const coreEventPrefixes = new Set(eventTypes.map((type) => type.split('.')[0]));

/** The problems of a plugin's manifest, for people; an empty list when it is valid. */
export function manifestProblems(definition: unknown, folderId: string): string[] {
  const parsed = manifestSchema.safeParse(definition);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'definition'}: ${issue.message}`);
  if (definition === null || typeof definition !== 'object') return problems;
  // The rules below read the raw definition, so one wrong field does not hide the others' problems.
  const manifest = definition as Partial<Record<keyof z.infer<typeof manifestSchema>, unknown>>;
  const id = typeof manifest.id === 'string' ? manifest.id : folderId;
  if (id !== folderId) problems.push(`id: is "${id}" but the folder is plugins/${folderId}; they must match`);
  const entries = (value: unknown) => (value && typeof value === 'object' ? Object.entries(value) : []);
  const list = (value: unknown) => (Array.isArray(value) ? (value as unknown[]) : []);
  if (manifest.settings instanceof z.ZodObject) {
    const defaults = manifest.settings.safeParse({});
    if (!defaults.success) {
      const fields = defaults.error.issues.map((issue) => issue.path.join('.')).join(', ');
      problems.push(`settings: every field needs a default (${fields} has none)`);
    }
  }
  for (const type of list(manifest.emits)) {
    if (typeof type === 'string' && !type.startsWith(`${id}.`))
      problems.push(`emits: "${type}" must start with "${id}."`);
  }
  for (const [type] of entries(manifest.on)) {
    const prefix = type.split('.')[0] ?? '';
    if (coreEventPrefixes.has(prefix) && !(eventTypes as readonly string[]).includes(type)) {
      problems.push(`on: "${type}" is not an event Portico emits (${eventTypes.join(', ')})`);
    }
  }
  for (const [name, raw] of entries(manifest.jobs)) {
    const job = (raw ?? {}) as { every?: unknown; cron?: unknown };
    const every = typeof job.every === 'string' ? job.every : undefined;
    const cron = typeof job.cron === 'string' ? job.cron : undefined;
    if ((every === undefined) === (cron === undefined)) {
      problems.push(`jobs.${name}: give either every or cron`);
      continue;
    }
    try {
      parseSchedule({ every, cron });
    } catch (error) {
      problems.push(`jobs.${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const [slot] of entries(manifest.slots)) {
    if (!(slotNames as readonly string[]).includes(slot)) {
      problems.push(`slots: "${slot}" is not a slot (${slotNames.join(', ')})`);
    }
  }
  for (const permission of list(manifest.permissions)) {
    const key = (permission as { key?: unknown } | null)?.key;
    if (typeof key === 'string' && !new RegExp(`^${id}\\.[a-z][a-z0-9-]*$`).test(key)) {
      problems.push(`permissions: "${key}" must be "${id}.<verb>"`);
    }
  }
  if (entries(manifest.requires).some(([required]) => required === id)) {
    problems.push('requires: a plugin cannot require itself');
  }
  return problems;
}

/** Why a valid plugin cannot run with this Portico and these plugins, or null when it can. */
export function incompatibility(
  definition: PluginDefinition,
  porticoVersion: string,
  others: ReadonlyMap<string, PluginDefinition>,
): string | null {
  if (!semver.satisfies(porticoVersion, definition.portico, { includePrerelease: true })) {
    return `needs Portico ${definition.portico}; this is Portico ${porticoVersion}`;
  }
  for (const [id, range] of Object.entries(definition.requires ?? {})) {
    const other = others.get(id);
    if (!other) return `requires the plugin ${id} (${range}), which is not in plugins/`;
    if (!semver.satisfies(other.version, range, { includePrerelease: true })) {
      return `requires ${id} ${range}; plugins/${id} is version ${other.version}`;
    }
  }
  return null;
}
