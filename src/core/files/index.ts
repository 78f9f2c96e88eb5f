/**
 * Where attachments and kept mail live: the data directory (the default; files at
 * `$PORTICO_DATA_DIR/<key>`) or an S3-compatible bucket (PORTICO_FILES_URL), behind one interface.
 * Keys are `attachments/<storageName>` and `mail/<name>.eml`. `core.files` is the configured store.
 * @example
 * await core.files.put('mail/2026-11-24-abc.eml', raw);
 * const { body, size } = await core.files.stream('mail/2026-11-24-abc.eml');
 * for await (const key of core.files.list('attachments/')) console.log(key);
 */
export { createFileStore } from './create-store.ts';
export { createDataDirStore } from './data-dir-store.ts';
export { createS3Store } from './s3-store.ts';
export type { FileStore, FileStream } from './file-store.ts';

/**
 * PORTICO_FILES_URL, parsed by the configuration: `{ kind: 'data-dir' }` when unset, else the bucket.
 * @example
 * filesLocationSchema.parse('s3://KEY:SECRET@minio.internal:9000/portico?tls=false');
 */
export { filesLocationSchema } from './location.ts';
export type { FilesLocation, S3Location } from './location.ts';
