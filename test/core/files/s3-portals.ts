import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { closeCore } from '../../../src/core/context.ts';
import type { Core } from '../../../src/core/context.ts';
import { startS3Server } from '../../helpers/s3.ts';
import type { S3Server } from '../../helpers/s3.ts';

export interface S3Portals {
  /** This test's temporary folder (data directories, backup archives), removed after it. */
  readonly root: string;
  /** A new empty bucket on the file's S3 server, as a PORTICO_FILES_URL. */
  newBucket(): Promise<string>;
  /** Closes the core after the test. */
  keep(core: Core): Core;
}

/** One real S3 server for a test file, a temporary folder for each test, and the cores it opened closed after it. */
export function useS3Portals(folderPrefix: string): S3Portals {
  let s3: S3Server | undefined;
  let root = '';
  let cores: Core[] = [];
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(() => s3?.stop());
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
    cores = [];
  });
  afterEach(async () => {
    for (const core of cores) await closeCore(core);
    fs.rmSync(root, { recursive: true, force: true });
  });
  return {
    get root() {
      return root;
    },
    newBucket: () => s3!.addBucket(`portico-${randomBytes(6).toString('hex')}`),
    keep(core) {
      cores.push(core);
      return core;
    },
  };
}
