import type { Kysely } from 'kysely';

// Migrations work on a schema they create, so they see the database untyped, like the core's own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
import { Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { currentSchema, listTableColumns, withSchemaScopedIntrospection } from '../db/index.ts';
import type { PluginDefinition } from '../../plugin-api/types.ts';
import { tablePrefix } from './scoped-db.ts';

function migrator(db: AnyDb, definition: PluginDefinition, schema: string | null): Migrator {
  const table = `${tablePrefix(definition.id)}migrations`;
  return new Migrator({
    db: withSchemaScopedIntrospection(db),
    provider: { getMigrations: async () => definition.migrations ?? {} },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
    ...(schema && { migrationTableSchema: schema }),
  });
}

function describe(columns: Map<string, string[]>, name: string): string {
  return `${name}(${(columns.get(name) ?? []).join(',')})`;
}

/**
 * Runs a plugin's pending migrations, then checks what they did: new tables must carry the plugin's
 * prefix, and no other table may have changed. A failing or trespassing migration is undone (down
 * migrations back to where it started) and reported.
 * @throws Error saying which migration failed or which table it touched.
 */
export async function migratePlugin(db: AnyDb, definition: PluginDefinition): Promise<string[]> {
  const schema = await currentSchema(db);
  const prefix = tablePrefix(definition.id);
  const before = await listTableColumns(db);
  const plugin = migrator(db, definition, schema);
  const started = (await plugin.getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name);
  const { error, results } = await plugin.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const after = await listTableColumns(db);
  const trespass = [...after.keys()].filter(
    (name) => !name.startsWith(prefix) && (!before.has(name) || describe(before, name) !== describe(after, name)),
  );
  const removed = [...before.keys()].filter((name) => !name.startsWith(prefix) && !after.has(name));
  if (!error && trespass.length === 0 && removed.length === 0) return applied;
  if (applied.length > 0) {
    const last = started.at(-1);
    await plugin.migrateTo(last ?? NO_MIGRATIONS).catch(() => undefined);
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'a migration';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const touched = [...trespass, ...removed].join(', ');
  throw new Error(`migrations may only create and change tables named ${prefix}*, but touched ${touched}`);
}

/** Runs every down migration, then drops whatever plugin tables remain (a migration without down). */
export async function unmigratePlugin(db: AnyDb, definition: PluginDefinition): Promise<string | null> {
  const schema = await currentSchema(db);
  const prefix = tablePrefix(definition.id);
  const { error } = await migrator(db, definition, schema).migrateTo(NO_MIGRATIONS);
  const left = [...(await listTableColumns(db)).keys()].filter((name) => name.startsWith(prefix));
  for (const table of left) await db.schema.dropTable(table).ifExists().execute();
  if (error)
    return `a down migration failed (${error instanceof Error ? error.message : String(error)}); its tables were dropped`;
  return null;
}
