import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

/**
 * Sealed secrets: values stored encrypted (AES-256-GCM) so a copy of the database alone does not give
 * them away. The key is PORTICO_SECRET_KEY, or a key file made once in the data directory; instances
 * sharing a database must share the key, so scaled-out deployments set the variable.
 * @example
 * const sealed = sealSecret(core.config, 'hunter2');
 * openSecret(core.config, sealed); // 'hunter2'
 */
export function sealSecret(config: Config, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(config), iv);
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
}

/** The plain value, or null when it was sealed with another key or is damaged. */
export function openSecret(config: Config, sealed: string): string | null {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', secretKey(config), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

const keys = new Map<string, Buffer>();

function secretKey(config: Config): Buffer {
  const source = config.secretKey ?? `file:${config.dataDir}`;
  let key = keys.get(source);
  if (!key) {
    key = createHash('sha256')
      .update(config.secretKey ?? keyFile(config.dataDir))
      .digest();
    keys.set(source, key);
  }
  return key;
}

function keyFile(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32).toString('base64');
    try {
      fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      // Another process wrote it first: use theirs.
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}
