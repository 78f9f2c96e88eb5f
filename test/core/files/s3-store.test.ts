import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Store, filesLocationSchema } from '../../../src/core/files/index.ts';
import type { S3Location } from '../../../src/core/files/index.ts';
import { startS3Server } from '../../helpers/s3.ts';
import type { S3Server } from '../../helpers/s3.ts';
import { fileStoreContract } from './contract.ts';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(() => s3?.stop());

const locationOf = (url: string) => filesLocationSchema.parse(url) as S3Location;
/** A loopback port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
const freshBucket = () => `portico-${randomBytes(6).toString('hex')}`;

describe('createS3Store', () => {
  fileStoreContract(async () => createS3Store(locationOf(await s3.addBucket(freshBucket()))));

  it('says which bucket it uses, never the credentials', () => {
    const store = createS3Store(locationOf(s3.filesUrl));
    expect(store.description).toBe(`the S3 bucket portico-test at ${s3.endpoint}`);
    expect(store.localRoot).toBeNull();
  });

  it('explains a wrong secret without showing it', async () => {
    const url = s3.filesUrl.replace(encodeURIComponent(s3.secretAccessKey), 'not-the-secret');
    const failure = createS3Store(locationOf(url)).put('attachments/x', Buffer.from('x'));
    await expect(failure).rejects.toThrow(
      `the S3 bucket portico-test at ${s3.endpoint} refused to store attachments/x (403 SignatureDoesNotMatch`,
    );
    await expect(failure).rejects.toThrow('Check the access key, secret and region in PORTICO_FILES_URL');
    await expect(failure).rejects.not.toThrow(s3.secretAccessKey);
  });

  it('explains a bucket that does not exist, and storage it cannot reach', async () => {
    const missing = createS3Store(locationOf(s3.filesUrl.replace('/portico-test?', '/no-such-bucket?')));
    await expect(missing.get('attachments/x')).rejects.toThrow(
      `the S3 bucket no-such-bucket at ${s3.endpoint} refused to read attachments/x (404 NoSuchBucket`,
    );
    await expect(missing.remove('attachments/x')).rejects.toThrow('Create the bucket');
    const port = await closedPort();
    const closed = createS3Store(locationOf(s3.filesUrl.replace(/@127\.0\.0\.1:\d+/, `@127.0.0.1:${port}`)));
    await expect(closed.get('attachments/x')).rejects.toThrow(
      `Cannot reach the S3 bucket portico-test at http://127.0.0.1:${port}: ECONNREFUSED.`,
    );
  });

  it('addresses the bucket by host name in virtual style, signing for that host', async () => {
    // Loopback has no bucket.host names to resolve, so this one looks at the requests instead.
    const seen: Request[] = [];
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      seen.push(input as Request);
      return new Response('ok');
    });
    try {
      const store = createS3Store(
        locationOf('s3://KEY:SECRET@s3.example.org:9000/photos?style=virtual&region=eu-west-1'),
      );
      await store.get('attachments/abc');
      for await (const key of store.list('mail/')) expect(key).toBeUndefined();
    } finally {
      fetchSpy.mockRestore();
    }
    expect(seen.map((request) => request.url)).toEqual([
      'https://photos.s3.example.org:9000/attachments/abc',
      'https://photos.s3.example.org:9000/?list-type=2&prefix=mail%2F',
    ]);
    expect(seen[0]!.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=KEY\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=host;/,
    );
  });
});
