import { describe, expect, it } from 'vitest';
import { escapeHtml, renderInline, renderMarkdown, safeUrl } from '../markdown.ts';

const kb = async (slug: string) =>
  slug === 'vpn-setup'
    ? {
        title: 'Set up the VPN <fast>',
        summary: 'Step by step & with pictures.',
        url: 'https://portal.example.org/kb/network/vpn-setup',
      }
    : undefined;

describe('escapeHtml', () => {
  it('escapes every character that matters in content and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderInline', () => {
  it('renders bold, emphasis and code, and escapes the rest', () => {
    expect(renderInline('**Stop** and *think*: `rm -rf <dir>` <script>')).toBe(
      '<strong>Stop</strong> and <em>think</em>: <code>rm -rf &lt;dir&gt;</code> &lt;script&gt;',
    );
  });

  it('does not treat markup inside code as formatting', () => {
    expect(renderInline('`**not bold**`')).toBe('<code>**not bold**</code>');
  });

  it('links to http(s) and /kb/ only; other schemes stay plain text', () => {
    expect(renderInline('[Docs](https://example.org/a?b=1&c=2)')).toBe(
      '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">Docs</a>',
    );
    expect(renderInline('[VPN](/kb/network/vpn)')).toBe('<a href="/kb/network/vpn">VPN</a>');
    expect(renderInline('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
    expect(renderInline('[x](/admin/users)')).toBe('[x](/admin/users)');
    expect(renderInline('[x](//evil.example)')).toBe('[x](//evil.example)');
    expect(renderInline('[x](https://e.org/"onmouseover="alert(1))')).toBe(
      '<a href="https://e.org/&quot;onmouseover=&quot;alert(1" rel="noopener noreferrer">x</a>)',
    );
  });
});

describe('safeUrl', () => {
  it('accepts http, https and /kb/ paths and nothing else', () => {
    expect(safeUrl('http://a.example')).toBe('http://a.example');
    expect(safeUrl('/kb')).toBe('/kb');
    expect(safeUrl('data:text/html,hi')).toBeNull();
    expect(safeUrl('/kbx')).toBeNull();
    expect(safeUrl('https://')).toBeNull();
  });
});

describe('renderMarkdown', () => {
  it('renders headings one level below the page heading, paragraphs and lists', async () => {
    const html = await renderMarkdown(
      '# Title\n\nFirst line\nsame paragraph.\n\n- one\n- two\n  continued\n\n1. first\n2. second\n### Small',
    );
    expect(html).toBe(
      [
        '<h2>Title</h2>',
        '<p>First line same paragraph.</p>',
        '<ul><li>one</li><li>two continued</li></ul>',
        '<ol><li>first</li><li>second</li></ol>',
        '<h4>Small</h4>',
      ].join('\n'),
    );
  });

  it('keeps fenced code verbatim but escaped', async () => {
    expect(await renderMarkdown('```\n<b>*x*</b>\n```')).toBe('<pre><code>&lt;b&gt;*x*&lt;/b&gt;</code></pre>');
  });

  it('never lets raw HTML through', async () => {
    const html = await renderMarkdown('<img src=x onerror=alert(1)>\n\n<script>alert(1)</script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
  });

  it('turns a kb: line and a lone /kb/ link into a card for a published article', async () => {
    const card =
      '<a class="training-kb-card" href="https://portal.example.org/kb/network/vpn-setup"><span class="training-kb-card__kind">Knowledge base</span><strong class="training-kb-card__title">Set up the VPN &lt;fast&gt;</strong><span class="training-kb-card__summary">Step by step &amp; with pictures.</span></a>';
    expect(await renderMarkdown('kb:vpn-setup', { kbArticle: kb })).toBe(card);
    expect(await renderMarkdown('[The VPN guide](/kb/network/vpn-setup)', { kbArticle: kb })).toBe(card);
  });

  it('says so when a kb: article is missing, and keeps a lone link to a missing one as a link', async () => {
    expect(await renderMarkdown('kb:gone', { kbArticle: kb })).toBe(
      '<p class="training-kb-missing">The knowledge base article “gone” is not available.</p>',
    );
    expect(await renderMarkdown('[Old](/kb/x/gone)', { kbArticle: kb })).toBe('<p><a href="/kb/x/gone">Old</a></p>');
  });
});
