import path from 'node:path';
import { z } from 'zod';

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
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .default(null);

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
  });
}
