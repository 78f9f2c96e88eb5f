/**
 * The behaviour every local search engine shares, run against FTS5 and (when TEST_DATABASE_URL is set)
 * PostgreSQL by fts5-engine.test.ts and postgres-engine.test.ts.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/core/db/index.ts';
import type { SearchDocument, SearchEngine, SearchQuery } from '../../../src/core/search/engine.ts';

export interface EngineHandle {
  engine: SearchEngine;
  db: Db;
  /** A second engine on the same database, as another process would have. */
  another(): SearchEngine;
  close(): Promise<void>;
}

export function article(fields: Partial<SearchDocument> & Pick<SearchDocument, 'id' | 'title'>): SearchDocument {
  return {
    slug: fields.id,
    categorySlug: 'general',
    categoryName: 'General',
    summary: '',
    body: '',
    tags: [],
    visibility: 'public',
    status: 'published',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

export const articles: SearchDocument[] = [
  article({
    id: 'reset-password',
    title: 'Reset your password',
    summary: 'Choose a new password yourself with the self-service portal.',
    body: 'Open the password portal.\nEnter your work email and follow the link to reset it.',
    tags: ['password', 'reset', 'forgot'],
    categorySlug: 'account-access',
    categoryName: 'Account access',
  }),
  article({
    id: 'connect-vpn',
    title: 'Connect to the VPN',
    summary: 'Use GlobalProtect to reach internal systems from home.',
    body: 'Start GlobalProtect from the menu bar and sign in with your work account.',
    tags: ['vpn', 'globalprotect'],
    categorySlug: 'network',
    categoryName: 'Network',
  }),
  article({
    id: 'printer-driver',
    title: 'Install a printer driver on Windows',
    summary: 'Add the office printer to your Windows laptop.',
    body: 'Open Company Portal, search for the printer package and choose Install.',
    tags: ['printer', 'driver', 'windows'],
    categorySlug: 'devices',
    categoryName: 'Devices',
  }),
  article({
    id: 'laptop-power',
    title: "My laptop won't turn on",
    summary: 'Bring a laptop back to life when the screen stays black.',
    body: 'Plug in the charger and hold the power button for 15 seconds.',
    tags: ['laptop', 'battery', 'power'],
    categorySlug: 'devices',
    categoryName: 'Devices',
  }),
  article({
    id: 'gateway',
    title: 'Configure the office gateway',
    summary: 'Settings for the branch router.',
    body: 'The router also filters traffic like a firewall would.',
    categorySlug: 'network',
    categoryName: 'Network',
  }),
  article({
    id: 'firewall-rules',
    title: 'Firewall rules',
    summary: 'Which ports the office network allows.',
    body: 'Ask the network team to open a port.',
    categorySlug: 'network',
    categoryName: 'Network',
  }),
  article({
    id: 'unlock-runbook',
    title: 'Password reset runbook (agents)',
    summary: 'Password reset steps for agents: verify the caller, then reset the password.',
    body: 'Reset password. Password reset. Verify identity before any password reset.',
    tags: ['password', 'reset', 'runbook'],
    visibility: 'internal',
    categorySlug: 'account-access',
    categoryName: 'Account access',
  }),
  article({
    id: 'password-policy-draft',
    title: 'Reset password policy (draft)',
    summary: 'Password reset rules we are still writing.',
    body: 'Password reset password reset password reset.',
    tags: ['password', 'reset'],
    status: 'draft',
    categorySlug: 'account-access',
    categoryName: 'Account access',
  }),
];

function query(text: string, extra: Partial<SearchQuery> = {}): SearchQuery {
  return { text, audience: 'public', limit: 10, offset: 0, ...extra };
}

/** Registers the shared suite for one engine; `open` gives a fresh, initialised, empty engine. */
export function describeEngineBehaviour(open: () => Promise<EngineHandle>): void {
  let handle: EngineHandle;
  let engine: SearchEngine;

  async function slugs(text: string, extra: Partial<SearchQuery> = {}): Promise<string[]> {
    const result = await engine.search(query(text, extra));
    return result.hits.map((hit) => hit.slug);
  }

  beforeEach(async () => {
    handle = await open();
    engine = handle.engine;
    await engine.upsert(articles);
  });

  afterEach(async () => {
    await handle.close();
  });

  describe('init', () => {
    it('can be called again without losing the index', async () => {
      await engine.init();
      expect(await slugs('globalprotect')).toEqual(['connect-vpn']);
    });
  });

  describe('upsert', () => {
    it('makes an article findable by its title, summary, tags and body', async () => {
      expect(await slugs('firewall rules')).toContain('firewall-rules');
      expect(await slugs('self-service portal')).toContain('reset-password');
      expect(await slugs('globalprotect')).toEqual(['connect-vpn']);
      expect(await slugs('menu bar')).toEqual(['connect-vpn']);
    });

    it('replaces an article with the same id instead of adding a second one', async () => {
      await engine.upsert([
        article({ id: 'connect-vpn', title: 'Use the Zscaler client', body: 'Zscaler replaces it.' }),
      ]);
      expect(await slugs('zscaler')).toEqual(['connect-vpn']);
      expect(await slugs('globalprotect')).toEqual([]);
      expect((await engine.search(query('zscaler'))).total).toBe(1);
    });

    it('returns the fields a results page shows', async () => {
      const { hits, engine: name } = await engine.search(query('globalprotect'));
      expect(name).toBe(engine.name);
      expect(hits[0]).toMatchObject({
        id: 'connect-vpn',
        slug: 'connect-vpn',
        title: 'Connect to the VPN',
        summary: 'Use GlobalProtect to reach internal systems from home.',
        category: 'network',
        categoryName: 'Network',
      });
    });
  });

  describe('remove', () => {
    it('takes articles out of the results and ignores unknown ids', async () => {
      await engine.remove(['connect-vpn', 'no-such-article']);
      expect(await slugs('globalprotect')).toEqual([]);
      expect(await slugs('firewall')).toContain('firewall-rules');
    });
  });

  describe('clear', () => {
    it('empties the index', async () => {
      await engine.clear();
      expect((await engine.search(query('password'))).total).toBe(0);
      await engine.upsert([articles[1]!]);
      expect(await slugs('globalprotect')).toEqual(['connect-vpn']);
    });
  });

  describe('setSynonyms', () => {
    it('replaces the starter list with the one given', async () => {
      expect(await slugs('notebook')).toContain('laptop-power');
      await engine.setSynonyms([['gizmo', 'laptop']]);
      expect(await slugs('notebook')).toEqual([]);
      expect(await slugs('gizmo')).toContain('laptop-power');
    });

    it('is seen by another engine on the same database', async () => {
      const other = handle.another();
      expect(await other.search(query('gizmo'))).toMatchObject({ total: 0 });
      await engine.setSynonyms([['gizmo', 'laptop']]);
      const { hits } = await other.search(query('gizmo'));
      expect(hits.map((hit) => hit.slug)).toContain('laptop-power');
    });
  });

  describe('search', () => {
    it('never shows customers internal articles or drafts, however well they match', async () => {
      const found = await slugs('password reset', { limit: 100 });
      expect(found).toContain('reset-password');
      expect(found).not.toContain('unlock-runbook');
      expect(found).not.toContain('password-policy-draft');
      const asked = await slugs('password reset', { limit: 100, includeDrafts: true });
      expect(asked).not.toContain('unlock-runbook');
      expect(asked).not.toContain('password-policy-draft');
      expect((await engine.search(query('runbook'))).total).toBe(0);
    });

    it('shows staff internal articles, and drafts only when they ask for them', async () => {
      const staff = await slugs('password reset', { audience: 'staff', limit: 100 });
      expect(staff).toContain('unlock-runbook');
      expect(staff).not.toContain('password-policy-draft');
      const editor = await slugs('password reset', { audience: 'staff', includeDrafts: true, limit: 100 });
      expect(editor).toEqual(expect.arrayContaining(['unlock-runbook', 'password-policy-draft', 'reset-password']));
    });

    it('restricts results to a category', async () => {
      expect(await slugs('windows laptop', { category: 'devices' })).toEqual(
        expect.arrayContaining(['printer-driver', 'laptop-power']),
      );
      expect(await slugs('password', { category: 'network' })).toEqual([]);
      expect(await slugs('firewall', { category: 'network' })).toContain('firewall-rules');
    });

    it('ranks a title match above a body match', async () => {
      const found = await slugs('firewall');
      expect(found.slice(0, 2)).toEqual(['firewall-rules', 'gateway']);
    });

    it('matches the last word as a prefix while it is being typed', async () => {
      expect((await slugs('passw'))[0]).toBe('reset-password');
      expect((await slugs('reset your passw'))[0]).toBe('reset-password');
      expect(await slugs('globalpro')).toEqual(['connect-vpn']);
    });

    it('forgives typos', async () => {
      expect((await slugs('pasword resett'))[0]).toBe('reset-password');
      expect((await slugs('instal printer drivr'))[0]).toBe('printer-driver');
      expect((await slugs('vpm'))[0]).toBe('connect-vpn');
    });

    it("corrects a customer's typo even when an internal article holds the word as typed", async () => {
      await engine.upsert([
        article({ id: 'vpm-runbook', title: 'VPM licence runbook', body: 'VPM seats.', visibility: 'internal' }),
      ]);
      expect((await slugs('vpm '))[0]).toBe('connect-vpn');
      expect((await slugs('vpm ', { audience: 'staff' }))[0]).toBe('vpm-runbook');
    });

    it('finds articles through synonyms', async () => {
      expect((await slugs('remote access'))[0]).toBe('connect-vpn');
      expect((await slugs('notebook'))[0]).toBe('laptop-power');
    });

    it('finds a word added by another engine on the same database, typos included', async () => {
      const other = handle.another();
      await other.search(query('anything'));
      await engine.upsert([article({ id: 'k8s', title: 'Deploy to Kubernetes', body: 'Kubernetes clusters.' })]);
      expect((await other.search(query('kubernets'))).hits.map((hit) => hit.slug)).toEqual(['k8s']);
    });

    it('highlights matches in an escaped snippet', async () => {
      await engine.upsert([
        article({
          id: 'xss',
          title: 'Paste safely',
          summary: 'Nothing to see.',
          body: 'Never paste <script>alert("x")</script> into the sandbox & hope.',
        }),
      ]);
      const { hits } = await engine.search(query('sandbox'));
      expect(hits[0]!.snippet).toContain('<mark>sandbox</mark>');
      expect(hits[0]!.snippet).toContain('&lt;script&gt;');
      expect(hits[0]!.snippet).not.toContain('<script>');
      expect(hits[0]!.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    });

    it('shows the summary when only the title matched', async () => {
      const { hits } = await engine.search(query('configure'));
      expect(hits[0]!.snippet).toBe('Settings for the branch router.');
    });

    it('answers hostile or odd input without throwing', async () => {
      const inputs = [
        '"',
        '""',
        '*',
        'pass*',
        'NEAR(',
        'NEAR(password reset, 2)',
        'title:',
        'title:password',
        '{title}: x',
        'AND OR NOT',
        'password AND',
        '^reset',
        "'; drop table x; --",
        '\\',
        ':*',
        '& | ! <->',
        '(',
        '😀🔥',
        'password 😀',
        '\u0000\u0002\u0003',
        '',
        '   ',
        'a'.repeat(1000),
        'reset password '.repeat(70),
        'ünïcödé café',
      ];
      for (const text of inputs) {
        const result = await engine.search(query(text));
        expect(Array.isArray(result.hits), text).toBe(true);
        expect(result.total, text).toBeGreaterThanOrEqual(result.hits.length);
      }
      expect((await slugs('"password"'))[0]).toBe('reset-password');
    });

    it('pages through results with limit, offset and total', async () => {
      const many = Array.from({ length: 12 }, (_, index) =>
        article({ id: `toner-${index}`, title: `Toner cartridge ${index}`, body: 'Replace the toner.' }),
      );
      await engine.upsert(many);
      const first = await engine.search(query('toner', { limit: 5, offset: 0 }));
      const second = await engine.search(query('toner', { limit: 5, offset: 5 }));
      const third = await engine.search(query('toner', { limit: 5, offset: 10 }));
      const beyond = await engine.search(query('toner', { limit: 5, offset: 20 }));
      expect([first.total, second.total, third.total, beyond.total]).toEqual([12, 12, 12, 12]);
      expect([first.hits.length, second.hits.length, third.hits.length, beyond.hits.length]).toEqual([5, 5, 2, 0]);
      const seen = [...first.hits, ...second.hits, ...third.hits].map((hit) => hit.id);
      expect(new Set(seen).size).toBe(12);
    });

    it('counts every match in total, not just the page', async () => {
      const result = await engine.search(query('password', { audience: 'staff', includeDrafts: true, limit: 1 }));
      expect(result.hits).toHaveLength(1);
      expect(result.total).toBe(3);
    });

    it('ranks articles that match every word above those that match some', async () => {
      const found = await slugs('printer windows laptop');
      expect(found[0]).toBe('printer-driver');
      expect(found).toContain('laptop-power');
    });
  });
}
