import type { Kysely, KyselyPlugin, RootOperationNode } from 'kysely';
import type { PluginDatabase } from '../../plugin-api/types.ts';
import { PorticoError } from '../errors.ts';

/** The prefix every table of a plugin carries. */
export function tablePrefix(pluginId: string): string {
  return `plugin_${pluginId.replaceAll('-', '_')}_`;
}

function visit(node: unknown, tables: Set<string>, ctes: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, tables, ctes);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const kind = (node as { kind?: unknown }).kind;
  // `plugin_x as x`: columns then name the alias (`x.id`), which is as good as the table it stands for.
  if (kind === 'AliasNode') {
    const { node: aliased, alias } = node as { node: { kind?: unknown }; alias: { name?: unknown } };
    if (aliased.kind === 'TableNode' && typeof alias.name === 'string') ctes.add(alias.name);
  }
  if (kind === 'TableNode') {
    tables.add((node as { table: { identifier: { name: string } } }).table.identifier.name);
    return;
  }
  if (kind === 'CommonTableExpressionNameNode') {
    ctes.add((node as { table: { table: { identifier: { name: string } } } }).table.table.identifier.name);
    return;
  }
  for (const value of Object.values(node)) visit(value, tables, ctes);
}

/**
 * Refuses any query that names a table outside the plugin's prefix. Raw `sql` text is not inspected:
 * plugins are trusted code, and this guard catches mistakes, not malice.
 */
class OwnTablesOnly implements KyselyPlugin {
  readonly #pluginId: string;
  readonly #prefix: string;

  constructor(pluginId: string) {
    this.#pluginId = pluginId;
    this.#prefix = tablePrefix(pluginId);
  }

  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    const tables = new Set<string>();
    const ctes = new Set<string>();
    visit(node, tables, ctes);
    for (const table of tables) {
      if (!table.startsWith(this.#prefix) && !ctes.has(table)) {
        throw new PorticoError(
          'forbidden',
          `The plugin ${this.#pluginId} may only query its own tables (${this.#prefix}*), not "${table}".`,
          { hint: 'Read and change core data through ctx.core.' },
        );
      }
    }
    return node;
  }

  transformResult<T>({ result }: { result: T }): Promise<T> {
    return Promise.resolve(result);
  }
}

/**
 * A handle on the database that only reaches the plugin's own tables.
 * @example
 * const db = scopedDatabase(core.db, 'csat');
 * await db.selectFrom('plugin_csat_responses').selectAll().execute();
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any core handle, whatever its table types
export function scopedDatabase(db: Kysely<any>, pluginId: string): Kysely<PluginDatabase> {
  return (db as Kysely<PluginDatabase>).withPlugin(new OwnTablesOnly(pluginId));
}
