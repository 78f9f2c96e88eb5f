export {
  connectDatabase,
  currentSchema,
  dialectOf,
  isUniqueViolation,
  listTableColumns,
  withSchemaScopedIntrospection,
} from './connect.ts';
export type { Db, DatabaseTarget, Dialect } from './connect.ts';
export type { Database } from './database.ts';
export { migrateToLatest } from './migrate.ts';
export type { MigrationOutcome } from './migrate.ts';
export { fromStoredTime, newId, nextPosition, nowStored, toStoredTime } from './values.ts';
