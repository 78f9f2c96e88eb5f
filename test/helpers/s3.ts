import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';
import { superviseChild } from './supervised-child.ts';

/**
 * s3rver (`@20minutes/s3rver`, a devDependency): an S3-compatible server in plain JavaScript that checks
 * SigV4 signatures, run in a child process of its own, as a real server would be.
 */
const serverModule = createRequire(import.meta.url).resolve('@20minutes/s3rver');

// Registers the test's own key pair (s3rver only knows S3RVER:S3RVER otherwise), then prints the port.
const serverScript = `
const [modulePath, directory, bucket, accessKeyId, secretAccessKey] = process.argv.slice(1);
const S3rver = require(modulePath);
require(require('node:path').join(require('node:path').dirname(modulePath), 'models', 'account.js'))
  .DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then((address) => console.log(JSON.stringify({ port: address.port })));
`;

export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** PORTICO_FILES_URL for this server and bucket (path style, no TLS). */
  filesUrl: string;
  /** Makes another, empty bucket on this server and returns its PORTICO_FILES_URL. */
  addBucket(name: string): Promise<string>;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

function listening(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 20 s:\n${output()}`)), 20_000);
    child.stdout?.on('data', () => {
      const line = output()
        .split('\n')
        .find((text) => text.startsWith('{"port":'));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code ?? signal}) before listening:\n${output()}`));
    });
  });
}

/**
 * Starts a throw-away S3-compatible server on a free loopback port, with a temporary directory, one
 * bucket and a random key pair whose secret needs URL-encoding; `stop()` ends it and removes its files.
 * @example
 * const s3 = await startS3Server();
 * const core = await createTestCore({ PORTICO_FILES_URL: s3.filesUrl });
 * await s3.stop();
 */
export async function startS3Server(bucket = 'portico-test'): Promise<S3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-s3-'));
  const accessKeyId = `portico-${randomBytes(6).toString('hex')}`;
  const secretAccessKey = `${randomBytes(18).toString('base64')}/+=:@`;
  // s3rver seals its continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider: without
  // it, listing more than 1,000 keys (one page) fails with a 500.
  const args = [
    '--openssl-legacy-provider',
    '-e',
    serverScript,
    serverModule,
    dir,
    bucket,
    accessKeyId,
    secretAccessKey,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const { output, stop } = superviseChild(child, dir);
  try {
    const port = await listening(child, output);
    const endpoint = `http://127.0.0.1:${port}`;
    const credentials = `${encodeURIComponent(accessKeyId)}:${encodeURIComponent(secretAccessKey)}`;
    const urlOf = (name: string) =>
      `s3://${credentials}@127.0.0.1:${port}/${name}?tls=false&style=path&region=us-east-1`;
    const client = new AwsClient({ accessKeyId, secretAccessKey, service: 's3', region: 'us-east-1', retries: 0 });
    const addBucket = async (name: string) => {
      const response = await client.fetch(`${endpoint}/${name}`, { method: 'PUT' });
      if (!response.ok) throw new Error(`s3rver refused to make bucket ${name}: ${await response.text()}`);
      return urlOf(name);
    };
    return { endpoint, bucket, accessKeyId, secretAccessKey, filesUrl: urlOf(bucket), addBucket, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
