import type { ColumnType } from 'kysely';

/** One row (id 1); its version changes with every write to what anonymous readers are shown. */
export interface PublicContentVersionTable {
  id: number;
  /** Written only by the database's triggers (migration 2026_11_24_0500); PostgreSQL returns bigints as text. */
  version: ColumnType<number | string, never, never>;
}
