import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Migration } from 'kysely/migration';
import { withSchemaScopedIntrospection } from './connect.ts';
import { migrations } from './migrations/index.ts';

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Brings a schema up to date with a set of migrations (by default the core's).
 * @example
 * const { applied } = await migrateToLatest(db);
 */
export async function migrateToLatest(
  db: Kysely<any>,
  options: { migrations?: Record<string, Migration>; table?: string; schema?: string } = {},
): Promise<MigrationOutcome> {
  const table = options.table ?? 'portico_migrations';
  const migrator = new Migrator({
    db: withSchemaScopedIntrospection(db),
    provider: { getMigrations: async () => options.migrations ?? migrations },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
    // PostgreSQL only: Kysely looks for its bookkeeping tables in every schema unless told which one.
    ...(options.schema && { migrationTableSchema: options.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
