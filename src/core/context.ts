import path from 'node:path';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { connectDatabase, dialectOf } from './db/connect.ts';
import type { Db } from './db/connect.ts';
import { createEventBus } from './events/bus.ts';
import { createFileStore } from './files/index.ts';
import type { FileStore } from './files/index.ts';
import type { EventBus } from './events/bus.ts';
import { createJobQueue } from './jobs/queue.ts';
import type { JobQueue } from './jobs/queue.ts';
import { createMailer } from './mail/mailer.ts';
import { createPluginHost } from './plugins/host.ts';
import type { PluginHost } from './plugins/host.ts';
import type { Mailer } from './mail/mailer.ts';
import { createFts5Engine } from './search/fts5-engine.ts';
import { createMeilisearchEngine } from './search/meilisearch-engine.ts';
import { createPostgresEngine } from './search/postgres-engine.ts';
import { createSearchService } from './search/service.ts';
import type { SearchService } from './search/service.ts';

/** Everything a domain function needs, built once per process. */
export interface Core {
  readonly config: Config;
  readonly db: Db;
  readonly mail: Mailer;
  readonly log: Logger;
  readonly search: SearchService;
  readonly events: EventBus;
  readonly jobs: JobQueue;
  /** Attachments and kept mail: the data directory or an S3-compatible bucket (PORTICO_FILES_URL). */
  readonly files: FileStore;
  /** The plugins found in plugins/ (none unless the host passed them): definitions, errors, slots. */
  readonly plugins: PluginHost;
}

/**
 * Builds the core from a configuration; parts can be replaced (tests pass an in-memory database).
 * @example
 * const core = createCore(loadConfig());
 * await core.db.selectFrom('users').selectAll().execute();
 */
export function createCore(config: Config, parts: Partial<Omit<Core, 'config'>> = {}): Core {
  const db =
    parts.db ??
    connectDatabase(
      config.databaseUrl
        ? { dialect: 'postgres', url: config.databaseUrl }
        : { dialect: 'sqlite', file: path.join(config.dataDir, 'portico.db') },
    );
  const log = parts.log ?? pino({ level: config.logLevel, base: { service: 'portico' } });
  return {
    config,
    db,
    mail: parts.mail ?? createMailer(config),
    log,
    search:
      parts.search ??
      createSearchService(
        dialectOf(db) === 'postgres' ? createPostgresEngine(db) : createFts5Engine(db),
        config.meilisearchUrl
          ? createMeilisearchEngine({ url: config.meilisearchUrl, apiKey: config.meilisearchApiKey ?? undefined })
          : null,
        log,
      ),
    events: parts.events ?? createEventBus(db, log),
    jobs: parts.jobs ?? createJobQueue(db, log),
    files: parts.files ?? createFileStore(config),
    plugins: parts.plugins ?? createPluginHost([], '0.0.0'),
  };
}

export async function closeCore(core: Core): Promise<void> {
  await core.db.destroy();
}
