import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import { migrateToLatest } from '../../src/core/db/index.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-context-test-'));
});

afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('createCore', () => {
  it('opens SQLite at $PORTICO_DATA_DIR/portico.db when DATABASE_URL is unset', async () => {
    const core = createCore(loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' }));
    try {
      await migrateToLatest(core.db);
      expect(fs.existsSync(path.join(dataDir, 'portico.db'))).toBe(true);
      expect(core.config.dataDir).toBe(dataDir);
      expect(core.log.level).toBe('silent');
    } finally {
      await closeCore(core);
    }
  });
});

describe('closeCore', () => {
  it('closes the database', async () => {
    const core = createCore(loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' }));
    await migrateToLatest(core.db);
    await closeCore(core);
    await expect(core.db.selectFrom('users').selectAll().execute()).rejects.toThrow();
  });
});
