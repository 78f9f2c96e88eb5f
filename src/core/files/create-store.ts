import type { Config } from '../config.ts';
import { createDataDirStore } from './data-dir-store.ts';
import type { FileStore } from './file-store.ts';
import { createS3Store } from './s3-store.ts';

/** The store PORTICO_FILES_URL chose: the data directory unless it names an S3 bucket. */
export function createFileStore(config: Pick<Config, 'dataDir' | 'files'>): FileStore {
  return config.files.kind === 's3' ? createS3Store(config.files) : createDataDirStore(config.dataDir);
}
