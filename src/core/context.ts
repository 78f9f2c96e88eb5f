import path from 'node:path';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import type { Db } from './db/connect.ts';
import { createMailer } from './mail/mailer.ts';
import type { Mailer } from './mail/mailer.ts';

/** Everything a domain function needs, built once per process. */
export interface Core {
  readonly config: Config;
  readonly db: Db;
  readonly mail: Mailer;
  readonly log: Logger;
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
  return {
    config,
    db,
    mail: parts.mail ?? createMailer(config),
    log: parts.log ?? pino({ level: config.logLevel, base: { service: 'portico' } }),
  };
}

export async function closeCore(core: Core): Promise<void> {
  await core.db.destroy();
}
