import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPlugin } from '../../src/cli/plugins.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../core/plugins/fixtures');
// Inside the project, so that added plugins resolve `portico/plugin-api` as they would in plugins/.
let scratch: string;
let into: string;

beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(here, '.scratch-'));
  into = path.join(scratch, 'plugins');
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('addPlugin', () => {
  it('copies a valid plugin folder into plugins/<id>', async () => {
    expect(await addPlugin(path.join(fixtures, 'good'), { force: false, into })).toEqual({
      id: 'good',
      version: '1.2.0',
    });
    expect(fs.existsSync(path.join(into, 'good', 'index.ts'))).toBe(true);
    expect(fs.existsSync(path.join(into, 'good', 'migrations'))).toBe(true);
    expect(fs.readdirSync(into)).toEqual(['good']);
  });

  it('unpacks a .tgz made by npm pack or tar', async () => {
    const tarball = path.join(scratch, 'good-1.2.0.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', fixtures, 'good']);
    expect(await addPlugin(tarball, { force: false, into })).toEqual({ id: 'good', version: '1.2.0' });
    expect(fs.existsSync(path.join(into, 'good', 'index.ts'))).toBe(true);
  });

  it('refuses to replace a plugin with the same or an older version, unless forced', async () => {
    await addPlugin(path.join(fixtures, 'good'), { force: false, into });
    await expect(addPlugin(path.join(fixtures, 'good'), { force: false, into })).rejects.toThrow(
      'plugins/good already has version 1.2.0; 1.2.0 is not newer (use --force to replace it)',
    );
    await expect(addPlugin(path.join(fixtures, 'good'), { force: true, into })).resolves.toEqual({
      id: 'good',
      version: '1.2.0',
    });
  });

  it('validates the manifest before anything lands in plugins/', async () => {
    await expect(addPlugin(path.join(fixtures, 'incompatible'), { force: false, into })).rejects.toThrow(
      /needs Portico \^9\.0\.0/,
    );
    await expect(addPlugin(path.join(fixtures, 'explodes'), { force: false, into })).rejects.toThrow(
      'the plugin does not load: cannot start: missing configuration file',
    );
    await expect(addPlugin(scratch, { force: false, into })).rejects.toThrow('has no index.ts');
    await expect(addPlugin('/no/such/file.tgz', { force: false, into })).rejects.toThrow(
      'portico plugin add: there is no folder or file /no/such/file.tgz',
    );
    fs.writeFileSync(path.join(scratch, 'broken.tgz'), 'not gzip');
    await expect(addPlugin(path.join(scratch, 'broken.tgz'), { force: false, into })).rejects.toThrow(
      'is not a readable .tgz archive',
    );
    expect(fs.readdirSync(into)).toEqual([]);
  });
});
