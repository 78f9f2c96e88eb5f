/**
 * One HTTP worker of `portico start` with PORTICO_WORKERS above 1 (see workers.ts): the primary has
 * migrated, seeded and built already, so a worker only serves.
 */
import { loadConfig } from '../core/config.ts';
import { serveBuiltSite } from './http-server.ts';

// A worker outliving its primary would hold the database with no one to stop it.
process.on('disconnect', () => process.exit(0));
process.env['ASTRO_NODE_LOGGING'] = 'disabled';
await serveBuiltSite(process.argv[2]!, loadConfig());
