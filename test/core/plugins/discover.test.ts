import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPluginHost, discoverPlugins, pluginFolders, porticoVersion } from '../../../src/core/plugins/index.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('discoverPlugins', () => {
  it('finds every folder with an index.ts and skips hidden ones', () => {
    expect(pluginFolders(fixtures)).toEqual(['explodes', 'good', 'incompatible', 'invalid']);
  });

  it('keeps a plugin that throws on import, with its error, instead of failing', async () => {
    const candidates = await discoverPlugins(fixtures);
    const explodes = candidates.find((candidate) => candidate.id === 'explodes');
    expect(explodes?.loadError).toBe('cannot start: missing configuration file');
    expect(candidates.find((candidate) => candidate.id === 'good')?.module).toBeDefined();
  });

  it('answers an empty list for a missing folder', async () => {
    expect(await discoverPlugins(path.join(fixtures, 'nowhere'))).toEqual([]);
  });
});

describe('createPluginHost', () => {
  it('lists broken, invalid and incompatible plugins with clear reasons and uses only the good one', async () => {
    const host = createPluginHost(await discoverPlugins(fixtures), porticoVersion);
    expect(host.usable().map((plugin) => plugin.id)).toEqual(['good']);
    expect(host.find('explodes')?.error).toBe('could not be loaded: cannot start: missing configuration file');
    const invalid = host.find('invalid')?.error ?? '';
    expect(invalid).toContain('invalid manifest:');
    expect(invalid).toContain('version: must be a semver version like 1.0.0');
    expect(invalid).toContain('id: is "other" but the folder is plugins/invalid; they must match');
    expect(invalid).toContain('on: "ticket.exploded" is not an event Portico emits');
    const incompatible = host.find('incompatible');
    expect(incompatible?.incompatible).toBe(`needs Portico ^9.0.0; this is Portico ${porticoVersion}`);
    expect(incompatible?.definition).toBeNull();
    expect(incompatible?.summary).toEqual({
      name: 'From the future',
      version: '3.0.0',
      description: 'Needs Portico 9.',
    });
  });

  it('refuses a default export that is not a definition', () => {
    const host = createPluginHost([{ id: 'empty', dir: null, module: {} }], porticoVersion);
    expect(host.find('empty')?.error).toBe('index.ts must default-export definePlugin({...})');
  });

  it('checks required plugins and their versions', () => {
    const base = { name: 'X', portico: '^0.1.0', description: 'x' };
    const host = createPluginHost(
      [
        { id: 'base', dir: null, module: { default: { ...base, id: 'base', version: '1.4.0' } } },
        {
          id: 'fine',
          dir: null,
          module: { default: { ...base, id: 'fine', version: '1.0.0', requires: { base: '^1.2.0' } } },
        },
        {
          id: 'picky',
          dir: null,
          module: { default: { ...base, id: 'picky', version: '1.0.0', requires: { base: '^2.0.0' } } },
        },
        {
          id: 'lonely',
          dir: null,
          module: { default: { ...base, id: 'lonely', version: '1.0.0', requires: { gone: '*' } } },
        },
      ],
      porticoVersion,
    );
    expect(host.find('fine')?.incompatible).toBeNull();
    expect(host.find('picky')?.incompatible).toBe('requires base ^2.0.0; plugins/base is version 1.4.0');
    expect(host.find('lonely')?.incompatible).toBe('requires the plugin gone (*), which is not in plugins/');
  });

  it('pins the manifest rules: settings defaults, permission and event names, schedules, slots', () => {
    const host = createPluginHost(
      [
        {
          id: 'rules',
          dir: null,
          module: {
            default: {
              id: 'rules',
              name: 'Rules',
              version: '1.0.0',
              portico: '^0.1.0',
              description: 'Breaks every rule.',
              settings: z.object({ apiUrl: z.string() }),
              emits: ['other.thing'],
              permissions: [{ key: 'manage', label: 'Manage', defaultRoles: ['admin'] }],
              jobs: { both: { every: '1h', cron: '* * * * *', run() {} }, odd: { cron: '61 * * * *', run() {} } },
              slots: { 'nowhere/v1': './X.astro' },
            },
          },
        },
      ],
      porticoVersion,
    );
    const error = host.find('rules')?.error ?? '';
    expect(error).toContain('settings: every field needs a default (apiUrl has none)');
    expect(error).toContain('emits: "other.thing" must start with "rules."');
    expect(error).toContain('permissions: "manage" must be "rules.<verb>"');
    expect(error).toContain('jobs.both: give either every or cron');
    expect(error).toContain('jobs.odd: cron: the minute field "61" must stay within 0-59');
    expect(error).toContain('slots: "nowhere/v1" is not a slot');
  });
});
