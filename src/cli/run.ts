import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { closeCore, createCore } from '../core/context.ts';
import type { Core } from '../core/context.ts';
import { migrateToLatest } from '../core/db/index.ts';
import { describeFailure, UsageError } from './output.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { pluginCommand } from './plugins.ts';
import { startCommand } from './start.ts';
import { seedCommand, tokenCreateCommand, userCreateCommand } from './accounts.ts';
import { kbSyncCommand, searchReindexCommand } from './knowledge-base.ts';
import { mailIngestCommand } from './mail.ts';

const usage = `Usage: portico <command>

  start [--no-demo]                 migrate, seed demo data into an empty portal, build if needed, serve
  migrate                           bring the database schema up to date
  seed --demo                       put demo accounts into an empty portal and print their logins
  user create --email E --name N --role customer|agent|admin [--password P]
  token create --email E [--label L]  print a new personal API token (last line)
  kb sync                           load content/kb/**/*.md into the knowledge base
  search reindex                    rebuild the search index from the database
  mail ingest [--mailbox ADDRESS] < message.eml   turn one mail into a ticket or reply (for an MTA pipe)
  plugin list|add|install|enable|disable|uninstall …   manage plugins (portico plugin --help)
  backup --out FILE                 write the database, files and keys to one .tar.gz
  restore FILE [--force]            restore a backup into an empty portal (stop the server first)`;

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  options: NonNullable<ParseArgsConfig['options']>;
  run(core: Core, values: OptionValues): Promise<void>;
}

const commands: Record<string, Command> = {
  migrate: {
    options: {},
    async run(core) {
      const { applied } = await migrateToLatest(core.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
    },
  },
  seed: seedCommand,
  'user create': userCreateCommand,
  'token create': tokenCreateCommand,
  'kb sync': kbSyncCommand,
  'search reindex': searchReindexCommand,
  'mail ingest': mailIngestCommand,
  backup: backupCommand,
};

function findCommand(args: string[]): { name: string; rest: string[] } {
  const [first, second] = args;
  if (!first || first === '--help' || first === '-h' || first === 'help') throw new UsageError(usage);
  const subcommands: Record<string, string> = {
    user: 'create',
    token: 'create',
    kb: 'sync',
    search: 'reindex',
    mail: 'ingest',
  };
  const expected = subcommands[first];
  if (expected) {
    if (second !== expected) {
      throw new UsageError(
        `portico ${first}: unknown subcommand '${second ?? ''}'; try 'portico ${first} ${expected}'`,
      );
    }
    return { name: `${first} ${second}`, rest: args.slice(2) };
  }
  if (first === 'start' || first === 'plugin' || first === 'restore' || commands[first]) {
    return { name: first, rest: args.slice(1) };
  }
  throw new UsageError(`portico: unknown command '${first}'; run 'portico --help' for the list`);
}

/** Runs one CLI invocation and returns its exit code; failures print one line on stderr. */
export async function run(args: string[]): Promise<number> {
  let core: Core | undefined;
  try {
    const { name, rest } = findCommand(args);
    if (name === 'start') {
      await startCommand(rest);
      return 0;
    }
    if (name === 'plugin') {
      await pluginCommand(rest);
      return 0;
    }
    if (name === 'restore') {
      await restoreCommand(rest);
      return 0;
    }
    const command = commands[name]!;
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError(`portico ${name}: unexpected argument '${positionals[0]}'`);
    core = createCore(loadConfig());
    if (name !== 'migrate') await migrateToLatest(core.db);
    await command.run(core, values);
    return 0;
  } catch (error) {
    const message = describeFailure(error);
    const argumentProblem =
      error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    console.error(
      argumentProblem
        ? `portico: ${(error as Error).message}`
        : message.startsWith('Usage') || message.startsWith('portico')
          ? message
          : `portico: ${message}`,
    );
    return 1;
  } finally {
    if (core) await closeCore(core);
  }
}
