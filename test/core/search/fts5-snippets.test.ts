import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/core/db/index.ts';
import { createFts5Engine } from '../../../src/core/search/fts5-engine.ts';
import { article } from './engine-suite.ts';

describe('FTS5 snippets', () => {
  it('cuts the snippet from the new body and summary once an article is indexed again', async () => {
    const db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    const engine = createFts5Engine(db);
    await engine.init();
    const search = async () =>
      (await engine.search({ text: 'vpn', audience: 'public', limit: 10, offset: 0 })).hits.map((hit) => hit.snippet);
    await engine.upsert([article({ id: 'vpn', title: 'Remote work', body: 'Open the VPN client first.' })]);
    expect(await search()).toEqual(['Open the <mark>VPN</mark> client first.']);
    expect(await search()).toEqual(['Open the <mark>VPN</mark> client first.']);
    await engine.upsert([article({ id: 'vpn', title: 'Remote work', body: 'Restart the router, then the VPN.' })]);
    expect(await search()).toEqual(['Restart the router, then the <mark>VPN</mark>.']);
    await engine.upsert([
      article({ id: 'vpn', title: 'Remote work', summary: 'All about the VPN.', body: 'Restart the router.' }),
    ]);
    expect(await search()).toEqual(['All about the <mark>VPN</mark>.']);
    await engine.upsert([article({ id: 'vpn', title: 'Remote work', summary: 'VPN: start here.', body: 'Restart.' })]);
    expect(await search()).toEqual(['<mark>VPN</mark>: start here.']);
    await db.destroy();
  });
});
