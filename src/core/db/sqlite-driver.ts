import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SelectQueryNode } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult } from 'kysely';

const busyWaitMs = 5000;

function isBusy(error: unknown): boolean {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY');
}

/**
 * Runs a statement, waiting for another connection's lock without blocking the event loop: SQLite's
 * own busy timeout sleeps inside the call, which stalls every request of this process (and deadlocks
 * two connections of one process, the holder being unable to finish while the waiter sleeps). Only a
 * statement outside a transaction is retried, BEGIN IMMEDIATE included; inside one we hold the lock.
 */
async function waitingForLocks<T>(database: BetterSqlite3.Database, run: () => T): Promise<T> {
  const deadline = Date.now() + busyWaitMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      return run();
    } catch (error) {
      if (!isBusy(error) || database.inTransaction || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Runs a query, on its statement when the caller has prepared it already. */
function execute(
  database: BetterSqlite3.Database,
  query: CompiledQuery,
  prepared?: BetterSqlite3.Statement,
): Promise<QueryResult<unknown>> {
  return waitingForLocks(database, () => {
    const statement = prepared ?? database.prepare(query.sql);
    if (statement.reader) return { rows: statement.all(query.parameters) };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
  });
}

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** One caller at a time holds the write connection, from its first write or BEGIN to its release. */
class WriteTurns {
  #held = false;
  #waiting: (() => void)[] = [];

  async take(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  give(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/**
 * What Kysely gets for one query or one transaction. Until it writes or begins a transaction, a
 * read-only statement runs on the read connection at once, seeing what is committed; from then on
 * everything runs on the write connection, which it holds until Kysely releases it.
 */
class RoutedConnection implements DatabaseConnection {
  #holdsWriter = false;
  readonly driver: ReadWriteSqliteDriver;
  constructor(driver: ReadWriteSqliteDriver) {
    this.driver = driver;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { reader, writer } = this.driver;
    if (!this.#holdsWriter && reader) {
      const statement = reader.prepare(query.sql);
      if (statement.readonly) return (await execute(reader, query, statement)) as QueryResult<R>;
    }
    await this.holdWriter();
    return (await execute(writer, query)) as QueryResult<R>;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('Only select queries can be streamed.');
    const database = !this.#holdsWriter && this.driver.reader ? this.driver.reader : this.driver.writer;
    for (const row of database.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }

  async holdWriter(): Promise<void> {
    if (this.#holdsWriter) return;
    await this.driver.writeTurns.take();
    this.#holdsWriter = true;
  }

  release(): void {
    if (!this.#holdsWriter) return;
    this.#holdsWriter = false;
    this.driver.writeTurns.give();
  }
}

/**
 * SQLite with two connections to one file: transactions and writes take turns on the write
 * connection (BEGIN IMMEDIATE, so a transaction holds the file's write lock from its start), while
 * reads outside a transaction go to a read-only connection and never wait for them — in WAL mode a
 * reader sees the last commit however long a writer, here or in another process, holds the lock.
 * An in-memory database has one connection (a second would be another database).
 */
export class ReadWriteSqliteDriver implements Driver {
  readonly writeTurns = new WriteTurns();
  readonly writer: BetterSqlite3.Database;
  readonly reader: BetterSqlite3.Database | null;
  constructor(writer: BetterSqlite3.Database, reader: BetterSqlite3.Database | null) {
    this.writer = writer;
    this.reader = reader;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).holdWriter();
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoted(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoted(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoted(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).release();
  }

  async destroy(): Promise<void> {
    this.reader?.close();
    this.writer.close();
  }
}

/** Kysely serialises everything through one connection when the adapter says it has only one. */
class ReadWriteSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

export class ReadWriteSqliteDialect extends SqliteDialect {
  readonly #writer: BetterSqlite3.Database;
  readonly #reader: BetterSqlite3.Database | null;
  constructor(writer: BetterSqlite3.Database, reader: BetterSqlite3.Database | null) {
    super({ database: writer });
    this.#writer = writer;
    this.#reader = reader;
  }
  override createDriver(): Driver {
    return new ReadWriteSqliteDriver(this.#writer, this.#reader);
  }
  override createAdapter(): SqliteAdapter {
    return new ReadWriteSqliteAdapter();
  }
}
