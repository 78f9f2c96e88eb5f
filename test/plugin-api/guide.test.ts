import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slotNames } from '../../src/plugin-api/index.ts';
import { eventTypes } from '../../src/core/events/index.ts';

const read = (file: string) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const guide = read('plugins/README.md');

/** The members of an exported interface in a source file, by name. */
function membersOf(file: string, name: string): string[] {
  const source = read(file);
  const start = source.indexOf(`export interface ${name}`);
  if (start < 0) throw new Error(`no interface ${name} in ${file}`);
  const body = source.slice(source.indexOf('{', start) + 1);
  const members: string[] = [];
  let depth = 0;
  for (const line of body.split('\n')) {
    if (depth === 0) {
      const member = /^\s{2}(?:readonly\s+)?([a-zA-Z]+)\??[(:<]/.exec(line);
      if (member?.[1]) members.push(member[1]);
    }
    depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
    if (depth < 0) break;
  }
  return members;
}

/** The names a module exports as values or types, from its export statements. */
function exportsOf(file: string): string[] {
  const names = new Set<string>();
  for (const match of read(file).matchAll(/export (?:async )?(?:function|const|interface|type) ([A-Za-z]+)/g)) {
    names.add(match[1]!);
  }
  for (const match of read(file).matchAll(/export (?:type )?\{([^}]+)\}/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name) names.add(name);
    }
  }
  return [...names];
}

const mentioned = (name: string) =>
  guide.includes(`\`${name}`) || guide.includes(`${name}(`) || guide.includes(`| \`${name}`);

describe('plugins/README.md', () => {
  it('documents every field of definePlugin', () => {
    const missing = membersOf('src/plugin-api/types.ts', 'PluginDefinition').filter(
      (field) => !guide.includes(`\`${field}\``),
    );
    expect(missing).toEqual([]);
  });

  it('documents every member of the plugin context and every core function', () => {
    const context = membersOf('src/plugin-api/types.ts', 'PluginContext').filter(
      (member) => !guide.includes(`ctx.${member}`),
    );
    expect(context).toEqual([]);
    const coreApi = read('src/plugin-api/core-api.ts');
    const groups = membersOf('src/plugin-api/core-api.ts', 'CoreApi');
    const functions = groups.flatMap((group) => {
      const block = new RegExp(`\\n  ${group}: \\{([\\s\\S]*?)\\n  \\};`).exec(coreApi)?.[1];
      return block ? [...block.matchAll(/\n {4}([a-zA-Z]+)\(/g)].map((m) => `${group}.${m[1]}`) : [group];
    });
    expect(functions.length).toBeGreaterThan(10);
    expect(functions.filter((name) => !guide.includes(name))).toEqual([]);
  });

  it('documents every export of the web and testing modules', () => {
    const web = exportsOf('src/plugin-api/web.ts').filter(
      (name) => !['PluginPage', 'PageAccess', 'FormProblemValue'].includes(name),
    );
    expect(web.filter((name) => !mentioned(name))).toEqual([]);
    const testing = membersOf('src/plugin-api/testing.ts', 'TestCore');
    expect(testing.filter((name) => !mentioned(name))).toEqual([]);
    expect(mentioned('createTestCore')).toBe(true);
  });

  it('lists every slot and every core event', () => {
    expect(slotNames.filter((slot) => !guide.includes(`\`${slot}\``))).toEqual([]);
    expect(eventTypes.filter((type) => !guide.includes(type))).toEqual([]);
  });
});
