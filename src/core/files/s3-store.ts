import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { isPorticoError } from '../errors.ts';
import { checkKey, checkPrefix, missingFile } from './file-store.ts';
import type { FileStore } from './file-store.ts';
import type { S3Location } from './location.ts';
import { errorOf, listPage } from './s3-responses.ts';

// Whole requests (put, get, list pages, delete); a stream gets this long only to start answering.
const requestTimeoutMs = 60_000;

/** Files as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, R2…), signed with SigV4. */
export function createS3Store(location: S3Location): FileStore {
  const client = new AwsClient({
    accessKeyId: location.accessKeyId,
    secretAccessKey: location.secretAccessKey,
    service: 's3',
    region: location.region,
    retries: 2,
  });
  const endpoint = new URL(location.endpoint);
  const bucketUrl =
    location.style === 'path'
      ? `${endpoint.origin}/${location.bucket}`
      : `${endpoint.protocol}//${location.bucket}.${endpoint.host}`;
  const objectUrl = (key: string) => `${bucketUrl}/${checkKey(key)}`;
  // Path style lists at /bucket (some servers sign /bucket/ differently); virtual style at the root.
  const listUrl = (query: URLSearchParams) => `${bucketUrl}${location.style === 'path' ? '' : '/'}?${query}`;
  const description = `the S3 bucket ${location.bucket} at ${endpoint.origin}`;

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await client.fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`Cannot reach ${description}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`);
    }
  }

  // Names the bucket and key, never the credentials; says what to check for the usual refusals.
  async function failure(response: Response, action: string, key: string): Promise<Error> {
    const { code, message } = errorOf(await response.text().catch(() => ''));
    if (response.status === 404 && code !== 'NoSuchBucket') return missingFile(key);
    const hint =
      code === 'NoSuchBucket'
        ? ' Create the bucket, or fix the bucket name in PORTICO_FILES_URL.'
        : response.status === 403
          ? ' Check the access key, secret and region in PORTICO_FILES_URL, and the bucket policy.'
          : '';
    const said = [code, message].filter(Boolean).join(': ') || response.statusText;
    return new Error(`${description} refused to ${action} ${key} (${response.status} ${said}).${hint}`);
  }

  return {
    description,
    localRoot: null,

    async put(key, bytes) {
      const response = await send(objectUrl(key), {
        method: 'PUT',
        // Never a SharedArrayBuffer here; the DOM typings of fetch just cannot tell.
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: {
          'Content-Type': 'application/octet-stream',
          // Signed, so the server refuses bytes damaged on the way.
          'X-Amz-Content-Sha256': createHash('sha256').update(bytes).digest('hex'),
        },
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (!response.ok) throw await failure(response, 'store', key);
      await response.body?.cancel();
    },

    async get(key) {
      const response = await send(objectUrl(key), { signal: AbortSignal.timeout(requestTimeoutMs) });
      if (!response.ok) throw await failure(response, 'read', key);
      return Buffer.from(await response.arrayBuffer());
    },

    async stream(key) {
      const answered = new AbortController();
      const timer = setTimeout(() => answered.abort(new Error('no answer in time')), requestTimeoutMs);
      try {
        const response = await send(objectUrl(key), { signal: answered.signal });
        if (!response.ok) throw await failure(response, 'read', key);
        if (!response.body) throw new Error(`${description} sent no content for ${key}.`);
        const length = response.headers.get('content-length');
        return { body: response.body, size: length === null ? null : Number(length) };
      } finally {
        clearTimeout(timer);
      }
    },

    async remove(key) {
      const response = await send(objectUrl(key), {
        method: 'DELETE',
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      // S3 answers 204 whether or not the object was there; some implementations answer 404.
      const error = await failure(response, 'delete', key);
      if (!isPorticoError(error)) throw error;
    },

    async *list(prefix) {
      let token: string | null = null;
      do {
        const query = new URLSearchParams({ 'list-type': '2', prefix: checkPrefix(prefix) });
        if (token) query.set('continuation-token', token);
        const response = await send(listUrl(query), { signal: AbortSignal.timeout(requestTimeoutMs) });
        if (!response.ok) throw await failure(response, 'list', prefix || '(everything)');
        const page = listPage(await response.text());
        yield* page.keys;
        token = page.next;
      } while (token);
    },
  };
}
