import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { filesLocationSchema } from './files/index.ts';
import type { FilesLocation } from './files/index.ts';

/** Typed, frozen configuration read from the environment: the only reader of `process.env`. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: URL;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly meilisearchUrl: string | null;
  readonly meilisearchApiKey: string | null;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly logLevel: string;
  readonly safeMode: boolean;
  /** Lets webhooks call loopback and private addresses (a hook receiver on the same host or network). */
  readonly webhooksAllowPrivate: boolean;
  /** Seals stored secrets (plugin secrets, mailbox passwords); when unset, a key file in the data directory. */
  readonly secretKey: string | null;
  /** Where attachments and kept mail live: the data directory, or the S3 bucket of PORTICO_FILES_URL. */
  readonly files: FilesLocation;
  /** Peers (addresses and CIDR ranges) whose X-Forwarded-* headers are believed; everyone else's are dropped. */
  readonly trustedProxies: readonly string[];
  /** Searches one client may run per minute (pages and API together); 0 turns the limit off. */
  readonly searchRateLimit: number;
  /** Processes serving HTTP on this box, sharing the port (each one an instance of the portal). */
  readonly workers: number;
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .default(null);

const proxyGroups: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', '127.0.0.0/8', '::1/128'],
  none: [],
};

/** `loopback` (the default), `private`, `none`, or a comma-separated list of addresses and CIDR ranges. */
function parseTrustedProxies(value: string, context: z.RefinementCtx): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const ranges: string[] = [];
  for (const entry of entries) {
    const group = proxyGroups[entry.toLowerCase()];
    if (group) {
      ranges.push(...group);
      continue;
    }
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !validBits || extra !== undefined) {
      context.addIssue({
        code: 'custom',
        message: `"${entry}" is not an address, a CIDR range (10.0.0.0/8) or one of loopback, private, none`,
      });
      return z.NEVER;
    }
    ranges.push(bits === undefined ? `${address}/${maxBits}` : entry);
  }
  return ranges;
}

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORTICO_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).nullable()),
  PORTICO_DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
      .nullable(),
  ),
  MEILISEARCH_URL: optionalText.pipe(z.url().nullable()),
  MEILISEARCH_API_KEY: optionalText,
  SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/ }).nullable()),
  PORTICO_MAIL_FROM: optionalText,
  PORTICO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORTICO_SAFE_MODE: z.enum(['0', '1', '']).default(''),
  PORTICO_WEBHOOKS_ALLOW_PRIVATE: z.enum(['0', '1', '']).default(''),
  PORTICO_SECRET_KEY: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').nullable()),
  PORTICO_FILES_URL: optionalText.pipe(filesLocationSchema),
  PORTICO_TRUSTED_PROXIES: z.string().default('loopback').transform(parseTrustedProxies),
  PORTICO_SEARCH_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(120),
  PORTICO_WORKERS: z
    .preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)], 'must be a number from 1 to 64, or auto')
        .default(1),
    )
    .transform((value) => (value === 'auto' ? Math.min(availableParallelism(), 64) : value)),
});

/** Thrown when the environment holds a value Portico cannot use. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from an environment (by default `process.env`).
 * @example
 * const config = loadConfig({ PORTICO_DATA_DIR: '/var/lib/portico' });
 * config.publicUrl.origin; // 'http://localhost:4321'
 */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const env = parsed.data;
  const publicUrl = new URL(env.PORTICO_PUBLIC_URL ?? `http://localhost:${env.PORT}`);
  return Object.freeze({
    port: env.PORT,
    host: env.HOST,
    publicUrl: new URL(publicUrl.origin),
    dataDir: path.resolve(env.PORTICO_DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    meilisearchUrl: env.MEILISEARCH_URL,
    meilisearchApiKey: env.MEILISEARCH_API_KEY,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.PORTICO_MAIL_FROM ?? `Portico <no-reply@${publicUrl.hostname}>`,
    logLevel: env.PORTICO_LOG_LEVEL,
    safeMode: env.PORTICO_SAFE_MODE === '1',
    webhooksAllowPrivate: env.PORTICO_WEBHOOKS_ALLOW_PRIVATE === '1',
    secretKey: env.PORTICO_SECRET_KEY,
    files: env.PORTICO_FILES_URL,
    trustedProxies: Object.freeze(env.PORTICO_TRUSTED_PROXIES),
    searchRateLimit: env.PORTICO_SEARCH_RATE_LIMIT,
    workers: env.PORTICO_WORKERS,
  });
}
