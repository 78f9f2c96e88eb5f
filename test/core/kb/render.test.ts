import MarkdownIt from 'markdown-it';
import { parseFragment } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';
import { describe, expect, it } from 'vitest';
import { highlightCode } from '../../../src/core/kb/highlight.ts';
import { callouts } from '../../../src/core/kb/render-callouts.ts';
import { excerpt, renderArticle } from '../../../src/core/kb/render.ts';

type Element = DefaultTreeAdapterTypes.Element;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;

/** Parses HTML the way a browser would and returns every element in document order. */
function elementsOf(html: string): Element[] {
  const found: Element[] = [];
  const walk = (nodes: ChildNode[]): void => {
    for (const node of nodes) {
      if ('tagName' in node) {
        found.push(node);
        walk(node.childNodes);
      }
    }
  };
  walk(parseFragment(html).childNodes);
  return found;
}

/** The text a browser would show for the HTML, or for nodes already parsed. */
function textOf(html: string | ChildNode[]): string {
  const nodes = typeof html === 'string' ? parseFragment(html).childNodes : html;
  return nodes
    .map((node) => ('value' in node ? node.value : 'childNodes' in node ? textOf(node.childNodes) : ''))
    .join('');
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

const RENDERED_TAGS = new Set(
  'p h1 h2 h3 h4 h5 h6 a img strong em s code pre span ul ol li blockquote hr br table thead tbody tr th td div aside'.split(
    ' ',
  ),
);
const RENDERED_ATTRIBUTES = new Set([
  'href',
  'src',
  'alt',
  'title',
  'id',
  'class',
  'role',
  'loading',
  'decoding',
  'rel',
  'start',
]);

/** Everything in the parsed HTML that could run script, or that the renderer should never emit. */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  for (const element of elementsOf(html)) {
    if (!RENDERED_TAGS.has(element.tagName)) problems.push(`<${element.tagName}>`);
    for (const { name, value } of element.attrs) {
      if (/^on/i.test(name) || !RENDERED_ATTRIBUTES.has(name)) problems.push(`${element.tagName}[${name}]`);
      if (name === 'href' || name === 'src') {
        // What a browser would take as the scheme: whitespace and control characters do not count.
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\p{Cc}\s]/gu, ''))?.[1]?.toLowerCase();
        const allowed = name === 'src' ? ['http', 'https'] : ['http', 'https', 'mailto', 'tel'];
        if (scheme !== undefined && !allowed.includes(scheme)) problems.push(`${element.tagName}[${name}=${value}]`);
      }
    }
  }
  return problems;
}

describe('renderArticle', () => {
  it('gives h2 and h3 headings slug ids and lists them in the table of contents', () => {
    const article = renderArticle('# Title\n\n## Before you start\n\ntext\n\n### Back up *your* data\n\n#### Details');
    expect(article.toc).toEqual([
      { level: 2, id: 'before-you-start', text: 'Before you start' },
      { level: 3, id: 'back-up-your-data', text: 'Back up your data' },
    ]);
    expect(article.headings).toEqual(['Before you start', 'Back up your data']);
    const headings = elementsOf(article.html).filter((e) => /^h\d$/.test(e.tagName));
    expect(headings.map((e) => [e.tagName, attr(e, 'id')])).toEqual([
      ['h1', undefined],
      ['h2', 'before-you-start'],
      ['h3', 'back-up-your-data'],
      ['h4', undefined],
    ]);
  });

  it('numbers duplicate heading ids from -2 on, without colliding with a heading that ends in a number', () => {
    const article = renderArticle('## Setup\n\n## Setup\n\n### Setup\n\n## Setup 2');
    expect(article.toc.map((entry) => entry.id)).toEqual(['setup', 'setup-2', 'setup-3', 'setup-2-2']);
    const ids = elementsOf(article.html).map((e) => attr(e, 'id'));
    expect(ids).toEqual(['setup', 'setup-2', 'setup-3', 'setup-2-2']);
  });

  it('drops Latin accents and apostrophes from ids but keeps other scripts', () => {
    const article = renderArticle("## Über uns & Ça va\n\n## Don't panic!\n\n## 設定 ガイド\n\n## Привет, мир");
    expect(article.toc.map((entry) => entry.id)).toEqual(['uber-uns-ca-va', 'dont-panic', '設定-ガイド', 'привет-мир']);
    expect(article.toc.map((entry) => entry.text)).toEqual([
      'Über uns & Ça va',
      'Don’t panic!',
      '設定 ガイド',
      'Привет, мир',
    ]);
  });

  it('gives a heading without letters or digits the id "section"', () => {
    expect(renderArticle('## !!!\n\n## ???').toc.map((entry) => entry.id)).toEqual(['section', 'section-2']);
  });

  it('wraps tables in a scrolling div', () => {
    const { html } = renderArticle('| Plan | Price |\n|---|---|\n| Basic | 0 |');
    expect(html).toContain('<div class="table-wrap">\n<table>');
    const table = elementsOf(html).find((e) => e.tagName === 'table');
    expect(table?.parentNode).toMatchObject({ tagName: 'div', attrs: [{ name: 'class', value: 'table-wrap' }] });
  });

  it('turns column alignment into classes instead of inline styles', () => {
    const { html } = renderArticle('| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |');
    const cells = elementsOf(html).filter((e) => e.tagName === 'td');
    expect(cells.map((e) => attr(e, 'class'))).toEqual(['align-left', 'align-center', 'align-right']);
    expect(elementsOf(html).some((e) => attr(e, 'style') !== undefined)).toBe(false);
  });

  it.each([
    ['note', 'Note'],
    ['tip', 'Tip'],
    ['warning', 'Warning'],
  ])('renders a %s callout with its default title', (type, title) => {
    const { html } = renderArticle(`:::${type}\nMind the **gap**.\n:::`);
    expect(html).toBe(
      `<aside class="callout callout--${type}" role="note">\n<p class="callout__title">${title}</p>\n` +
        '<p>Mind the <strong>gap</strong>.</p>\n</aside>\n',
    );
  });

  it('uses the text after the type as the callout title', () => {
    const { html } = renderArticle(':::warning Before you wipe\nBack up first.\n:::\n\nAfter.');
    expect(html).toBe(
      '<aside class="callout callout--warning" role="note">\n<p class="callout__title">Before you wipe</p>\n' +
        '<p>Back up first.</p>\n</aside>\n<p>After.</p>\n',
    );
  });

  it('nests callouts, balanced or with more colons outside', () => {
    for (const source of [
      ':::tip\nOuter\n:::note\nInner\n:::\nStill outer\n:::',
      '::::tip\nOuter\n:::note\nInner\n:::\nStill outer\n::::',
    ]) {
      const asides = elementsOf(renderArticle(source).html).filter((e) => e.tagName === 'aside');
      expect(asides.map((e) => attr(e, 'class'))).toEqual(['callout callout--tip', 'callout callout--note']);
      const outerChildren = asides[0]!.childNodes.filter((node) => 'tagName' in node);
      expect(outerChildren.map((node) => textOf([node]).trim().replace(/\s+/g, ' '))).toEqual([
        'Tip',
        'Outer',
        'Note Inner',
        'Still outer',
      ]);
    }
  });

  it('keeps a line of colons inside a fenced code block as code', () => {
    const { html } = renderArticle(':::note\n```text\n:::\n```\nAfter the code.\n:::\n\nOutside.');
    expect(html).toBe(
      '<aside class="callout callout--note" role="note">\n<p class="callout__title">Note</p>\n' +
        '<pre class="code-block"><code class="language-plaintext">:::\n</code></pre>\n<p>After the code.</p>\n</aside>\n' +
        '<p>Outside.</p>\n',
    );
  });

  it('renders unknown callout types as plain paragraphs', () => {
    const { html } = renderArticle(':::danger Careful\nx\n:::');
    expect(html).toBe('<p>:::danger Careful\nx\n:::</p>\n');
  });

  it('highlights known languages with hljs classes and no style attribute', () => {
    const { html } = renderArticle('```ts\nconst answer: number = 42; // why\n```');
    const spans = elementsOf(html).filter((e) => e.tagName === 'span');
    expect(spans.map((e) => attr(e, 'class'))).toEqual(
      expect.arrayContaining(['hljs-keyword', 'hljs-built_in', 'hljs-number', 'hljs-comment']),
    );
    expect(html).toMatch(/^<pre class="code-block"><code class="language-typescript">/);
    expect(elementsOf(html).every((e) => attr(e, 'style') === undefined)).toBe(true);
    expect(textOf(html).trim()).toBe('const answer: number = 42; // why');
  });

  it.each([
    ['bash', 'bash'],
    ['sh', 'bash'],
    ['shell', 'shell'],
    ['powershell', 'powershell'],
    ['ps1', 'powershell'],
    ['json', 'json'],
    ['yml', 'yaml'],
    ['js', 'javascript'],
    ['typescript', 'typescript'],
    ['SQL', 'sql'],
    ['html', 'xml'],
    ['ini', 'ini'],
    ['text', 'plaintext'],
  ])('highlights a %s fence as %s', (fence, language) => {
    const { html } = renderArticle(`\`\`\`${fence}\nx = 1\n\`\`\``);
    expect(html).toContain(`<code class="language-${language}">`);
  });

  it('escapes code in unknown languages as plain text', () => {
    const { html } = renderArticle('```cobol {.x}\n<b>"hi"</b>\n```');
    expect(html).toBe('<pre class="code-block"><code>&lt;b&gt;&quot;hi&quot;&lt;/b&gt;\n</code></pre>\n');
  });

  it('marks absolute links as external and leaves relative ones alone', () => {
    const { html } = renderArticle(
      '[a](/kb/a) [b](#top) [c](./c) [d](https://example.com/x) [e](http://example.com) [f](//example.com)',
    );
    const links = elementsOf(html).filter((e) => e.tagName === 'a');
    expect(links.map((e) => [attr(e, 'href'), attr(e, 'rel')])).toEqual([
      ['/kb/a', undefined],
      ['#top', undefined],
      ['./c', undefined],
      ['https://example.com/x', 'noopener noreferrer nofollow'],
      ['http://example.com', 'noopener noreferrer nofollow'],
      ['//example.com', 'noopener noreferrer nofollow'],
    ]);
  });

  it('keeps mailto and tel links and linkifies bare addresses', () => {
    const { html } = renderArticle(
      '[Mail](mailto:help@example.com) [Call](tel:+4712345678) https://example.org/x help@example.com',
    );
    expect(elementsOf(html).map((e) => attr(e, 'href'))).toEqual([
      undefined,
      'mailto:help@example.com',
      'tel:+4712345678',
      'https://example.org/x',
      'mailto:help@example.com',
    ]);
  });

  it('renders images lazily with their alt text', () => {
    const { html } = renderArticle('![The *sign-in* page](/img/sign-in.png "Sign in")');
    expect(html).toBe(
      '<p><img src="/img/sign-in.png" alt="The sign-in page" title="Sign in" loading="lazy" decoding="async"></p>\n',
    );
  });

  it('shows only the alt text of an image whose source is not http(s) or relative', () => {
    for (const source of ['![Logo](mailto:a@example.com)', '![Logo](tel:123)', '![Logo](ftp://example.com/l.png)']) {
      const { html } = renderArticle(source);
      expect(elementsOf(html).map((e) => e.tagName)).toEqual(['p']);
      expect(textOf(html)).toMatch(/Logo/);
    }
  });

  it('applies typographic quotes and dashes', () => {
    expect(renderArticle('"Hi" -- it\'s (c) 2025...').html).toBe('<p>“Hi” – it’s © 2025…</p>\n');
  });

  it('gives the visible text without markup, one block a line', () => {
    const article = renderArticle(
      [
        '## Install *it*',
        '',
        'Run `npm i` or see [the guide](/kb/guide) & ![diagram](/d.png).',
        '',
        '| A | B |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        ':::tip',
        'Use **bold**.',
        ':::',
        '',
        '```bash',
        'echo  "hi"',
        '```',
      ].join('\n'),
    );
    expect(article.plainText).toBe(
      'Install it\nRun npm i or see the guide & diagram.\nA\nB\n1\n2\nTip\nUse bold.\necho "hi"',
    );
    expect(article.plainText).not.toMatch(/[<>*`]/);
  });

  it('keeps raw HTML as visible text in the plain text', () => {
    expect(renderArticle('a <b>c</b>').plainText).toBe('a <b>c</b>');
  });

  const attacks: [string, string][] = [
    ['a script element', '<script>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror=alert(1)>'],
    ['a javascript: link', '[x](javascript:alert(1))'],
    ['a mixed-case javascript: link', '[x](JaVaScRiPt:alert(1))'],
    ['a javascript: link split by a newline', '[x](java\nscript:alert(1))'],
    ['a javascript: link split by a tab in angle brackets', '[x](<java\tscript:alert(1)>)'],
    ['a javascript: link with a leading space', '[x]( javascript:alert(1))'],
    ['an entity-encoded javascript: link', '[x](&#106;avascript:alert(1))'],
    ['a hex-entity javascript: link', '[x](&#x6A;avascript&colon;alert(1))'],
    ['a percent-encoded javascript: link', '[x](%6Aavascript:alert(1))'],
    ['a javascript: reference link', '[x][r]\n\n[r]: javascript:alert(1)'],
    ['a vbscript: link', '[x](vbscript:msgbox(1))'],
    ['a file: link', '[x](file:///etc/passwd)'],
    ['a javascript: image', '![x](javascript:alert(1))'],
    ['an SVG data: image', '![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)'],
    ['a PNG data: image', '![x](data:image/png;base64,iVBORw0KGgo=)'],
    ['a data: link', '[x](data:text/html,<script>alert(1)</script>)'],
    ['an HTML link', '<a href="javascript:alert(1)">x</a>'],
    ['an iframe', '<iframe src=//evil>'],
    ['an SVG with onload', '<svg onload=alert(1)>'],
    ['a style element', '<style>body{display:none}</style>'],
    ['a javascript: autolink', '<javascript:alert(1)>'],
    ['a bare javascript: URL', 'javascript:alert(1)'],
    ['a heading containing an image with onerror', '## Setup <img src=x onerror=alert(1)>'],
    ['a code block closing its code element', '```\n</code><script>alert(1)</script>\n```'],
    ['a highlighted code block closing its code element', '```html\n</code><script>alert(1)</script>\n```'],
    ['an indented code block closing its code element', '    </code></pre><script>alert(1)</script>'],
    ['inline code closing its code element', '`</code><script>alert(1)</script>`'],
    ['a fence language breaking its class attribute', '```" onmouseover="alert(1)\nx\n```'],
    ['a callout title with a script', ':::note <script>alert(1)</script>\nx\n:::'],
    ['a link title with an event handler', '[x](/a "onmouseover=alert(1)")'],
    ['a link title breaking its attribute', '[x](/a "\\" onmouseover=alert(1) x=\\"")'],
    ['an image alt breaking its attribute', '![" onerror="alert(1)](/i.png)'],
    ['an image alt with markup', '![<img src=x onerror=alert(1)>](/i.png)'],
    ['an image title breaking its attribute', '![x](/i.png "\\" onerror=\\"alert(1)")'],
    ['a table cell with HTML', '| a |\n|---|\n| <script>alert(1)</script> |'],
  ];

  it.each(attacks)('renders %s inert', (_name, source) => {
    const { html, plainText } = renderArticle(source);
    expect(unsafeParts(html)).toEqual([]);
    // Not vacuous: the author's text is still there (as text or an image's alt), shown rather than dropped.
    const alts = elementsOf(html).map((e) => attr(e, 'alt') ?? '');
    expect((textOf(html) + alts.join('')).replace(/\s+/g, '')).not.toBe('');
    expect(plainText).not.toBe('');
  });

  it('shows raw HTML as text instead of dropping it', () => {
    const { html } = renderArticle('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
    expect(textOf(html)).toBe('<script>alert(1)</script> and <img src=x onerror=alert(1)>\n');
    expect(elementsOf(html).map((e) => e.tagName)).toEqual(['p']);
  });

  it('keeps attribute-breaking text inside the title and alt attributes', () => {
    const link = elementsOf(renderArticle('[x](/a "\\" onmouseover=alert(1) x=\\"")').html).find(
      (e) => e.tagName === 'a',
    );
    expect(link?.attrs).toEqual([
      { name: 'href', value: '/a' },
      { name: 'title', value: '" onmouseover=alert(1) x="' },
    ]);
    const image = elementsOf(renderArticle('![" onerror="alert(1)](/i.png)').html).find((e) => e.tagName === 'img');
    expect(attr(image!, 'alt')).toBe('" onerror="alert(1)');
    expect(image?.attrs.map((a) => a.name)).toEqual(['src', 'alt', 'loading', 'decoding']);
  });

  it('keeps a callout title with a script as text', () => {
    const { html } = renderArticle(':::warning <script>alert(1)</script>\nx\n:::');
    const title = elementsOf(html).find((e) => attr(e, 'class') === 'callout__title');
    expect(title?.childNodes.map((n) => n.nodeName)).toEqual(['#text']);
    expect(textOf(html)).toContain('<script>alert(1)</script>');
  });

  it('the inertness check itself flags unsafe HTML', () => {
    expect(
      unsafeParts(
        '<a href=" JAVA\tscript:x" onclick="y">x</a><img src="data:image/png;base64,x"><script></script><p style="x">',
      ),
    ).toEqual(['a[href= JAVA\tscript:x]', 'a[onclick]', 'img[src=data:image/png;base64,x]', '<script>', 'p[style]']);
  });
});

describe('excerpt', () => {
  it('returns short text unchanged, with whitespace collapsed', () => {
    expect(excerpt('  Reset your\n password. ', 80)).toBe('Reset your password.');
  });

  it('cuts at a word boundary and ends with an ellipsis, within maxLength', () => {
    const text = 'Reset your password from the sign-in page.';
    expect(excerpt(text, 24)).toBe('Reset your password…');
    expect(excerpt(text, 20)).toBe('Reset your password…');
    for (let max = 1; max <= text.length; max++) expect(Array.from(excerpt(text, max)).length).toBeLessThanOrEqual(max);
  });

  it('drops trailing punctuation before the ellipsis', () => {
    expect(excerpt('First, second, third and fourth', 16)).toBe('First, second…');
  });

  it('cuts inside a long word rather than losing most of the text', () => {
    expect(excerpt('Supercalifragilisticexpialidocious', 10)).toBe('Supercali…');
  });

  it('never splits a character made of two UTF-16 units', () => {
    expect(excerpt('😀😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('returns an empty string when nothing fits', () => {
    expect(excerpt('Hello', 0)).toBe('');
  });
});

describe('highlightCode', () => {
  it('resolves aliases to the canonical language name', () => {
    expect(highlightCode('echo hi', 'SH')).toEqual({
      language: 'bash',
      html: '<span class="hljs-built_in">echo</span> hi',
    });
  });

  it('escapes code in unknown languages, including names that are Object properties', () => {
    for (const name of ['cobol', 'constructor', '__proto__', '']) {
      expect(highlightCode('<b>&"\'', name)).toEqual({ language: undefined, html: '&lt;b&gt;&amp;&quot;&#39;' });
    }
  });
});

describe('callouts', () => {
  it('adds callout containers to any markdown-it instance', () => {
    const md = new MarkdownIt({ html: false }).use(callouts);
    expect(md.render(':::tip Shortcut\nPress `?`.\n:::')).toBe(
      '<aside class="callout callout--tip" role="note">\n<p class="callout__title">Shortcut</p>\n' +
        '<p>Press <code>?</code>.</p>\n</aside>\n',
    );
  });

  it('runs an unclosed callout to the end of its parent', () => {
    const md = new MarkdownIt().use(callouts);
    expect(md.render('- :::note\n  inside\n- next')).toBe(
      '<ul>\n<li>\n<aside class="callout callout--note" role="note">\n<p class="callout__title">Note</p>\n' +
        '<p>inside</p>\n</aside>\n</li>\n<li>next</li>\n</ul>\n',
    );
  });
});
