import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/core/config.ts';

const secret = 'wJalr/XUtnFEMI+K7MDENG=bPxRfi';
const encoded = encodeURIComponent(secret);

describe('PORTICO_FILES_URL', () => {
  it('means the data directory when unset or empty', () => {
    expect(loadConfig({}).files).toEqual({ kind: 'data-dir' });
    expect(loadConfig({ PORTICO_FILES_URL: ' ' }).files).toEqual({ kind: 'data-dir' });
  });

  it('reads an S3 bucket with URL-encoded credentials, region, TLS and addressing style', () => {
    const files = loadConfig({
      PORTICO_FILES_URL: `s3://AKIA%2BTEST:${encoded}@minio.internal:9000/portico-files?region=eu-west-1&tls=false`,
    }).files;
    expect(files).toEqual({
      kind: 's3',
      endpoint: 'http://minio.internal:9000',
      bucket: 'portico-files',
      region: 'eu-west-1',
      style: 'path',
      accessKeyId: 'AKIA+TEST',
    });
    expect(files.kind === 's3' && files.secretAccessKey).toBe(secret);
    const aws = loadConfig({ PORTICO_FILES_URL: `s3://KEY:${encoded}@s3.amazonaws.com/portico?style=virtual` }).files;
    expect(aws).toMatchObject({ endpoint: 'https://s3.amazonaws.com', region: 'us-east-1', style: 'virtual' });
  });

  it('keeps the secret out of the configuration when it is logged or serialized', () => {
    const config = loadConfig({ PORTICO_FILES_URL: `s3://KEY:${encoded}@minio.internal/portico` });
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(JSON.stringify(config)).not.toContain(encoded);
    expect(String(Object.entries(config.files))).not.toContain(secret);
  });

  it.each([
    ['https://minio.internal/portico', 'must look like s3://ACCESS_KEY:SECRET@host[:port]/bucket?region='],
    [`s3://minio.internal/portico`, 'needs the access key and secret before the host'],
    [`s3://KEY@minio.internal/portico`, 'needs the access key and secret before the host'],
    [`s3://KEY:%E0%A4%A@minio.internal/portico`, 'needs the access key and secret before the host'],
    [`s3://KEY:${encoded}@minio.internal`, 'needs a bucket name as its path'],
    [`s3://KEY:${encoded}@minio.internal/Portico_Files`, 'needs a bucket name as its path'],
    [`s3://KEY:${encoded}@minio.internal/a/b`, 'needs a bucket name as its path'],
    [
      `s3://KEY:${encoded}@minio.internal/portico?regoin=x`,
      'has an unknown option "regoin" (known: region, tls, style)',
    ],
    [`s3://KEY:${encoded}@minio.internal/portico?tls=yes`, 'tls must be true or false'],
    [`s3://KEY:${encoded}@minio.internal/portico?style=vhost`, 'style must be path or virtual'],
    [`s3://KEY:${encoded}@10.0.0.5:9000/portico?style=virtual`, 'style=virtual needs a host name'],
  ])('refuses %s with a message that says why', (value, message) => {
    let error: unknown;
    try {
      loadConfig({ PORTICO_FILES_URL: value });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`PORTICO_FILES_URL: ${message}`);
    expect((error as Error).message).not.toContain(secret);
    expect((error as Error).message).not.toContain(encoded);
  });

  it('stops the CLI with one line on stderr and exit code 1, without the secret', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-files-cli-'));
    try {
      const result = spawnSync(process.execPath, ['src/cli/portico.ts', 'migrate'], {
        env: {
          ...process.env,
          PORTICO_DATA_DIR: dataDir,
          DATABASE_URL: '',
          PORTICO_FILES_URL: `s3://KEY:${encoded}@minio.internal/portico?tls=maybe`,
        },
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe('portico: PORTICO_FILES_URL: tls must be true or false');
      expect(result.stdout).not.toContain(secret);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
