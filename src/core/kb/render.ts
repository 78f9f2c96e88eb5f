import MarkdownItClass from 'markdown-it';
import type { MarkdownIt, MarkdownItOptions, Renderer, Token } from 'markdown-it';
import { highlightCode } from './highlight.ts';
import { callouts } from './render-callouts.ts';

/** One entry of an article's table of contents: an h2 or h3, its anchor id and its text. */
export interface TocEntry {
  level: 2 | 3;
  id: string;
  text: string;
}

/** An article rendered from markdown. */
export interface RenderedArticle {
  /** Safe HTML for `set:html`: raw HTML in the markdown is shown as text, links and images are vetted. */
  html: string;
  /** The h2 and h3 headings, in order, with the `id` each carries in `html`. */
  toc: TocEntry[];
  /**
   * The visible text without markup, one block a line, for search indexing and snippets. It is text, not
   * HTML: whatever an author typed (`<b>` included) is in it verbatim, so escape it when you show it.
   */
  plainText: string;
  /** The texts of the h2 and h3 headings. */
  headings: string[];
}

const markdown = createMarkdown();

/**
 * Renders a knowledge-base article from markdown (markdown-it with `html: false`, linkify and typographer),
 * with heading anchors and a table of contents, tables wrapped for scrolling, callouts (`:::note`, `:::tip`,
 * `:::warning [title]`) and server-side code highlighting with `hljs-*` classes (style it with
 * `src/styles/article.css`). Links and images may only point to relative, http(s) (images) or also
 * mailto/tel (links) URLs; absolute links get `rel="noopener noreferrer nofollow"`.
 * Nothing an author writes can run script in a reader's browser.
 * @example
 * const article = renderArticle('## Before you start\n\nCheck the [status page](https://status.example.com).');
 * article.toc; // [{ level: 2, id: 'before-you-start', text: 'Before you start' }]
 * article.html; // '<h2 id="before-you-start">Before you start</h2>\n<p>Check the <a href="https://status.example.com" rel="noopener noreferrer nofollow">…'
 * article.plainText; // 'Before you start\nCheck the status page.'
 */
export function renderArticle(source: string): RenderedArticle {
  const env = {};
  const tokens = markdown.parse(source, env);
  replaceInlineStyles(tokens);
  const toc = addHeadingIds(tokens);
  return {
    html: markdown.renderer.render(tokens, markdown.options, env),
    toc,
    plainText: plainTextOf(tokens),
    headings: toc.map((entry) => entry.text),
  };
}

/**
 * Shortens text to at most `maxLength` characters (code points) for a summary: whitespace collapsed, cut at a
 * word boundary where that loses little, with `…` when anything was cut.
 * @example
 * excerpt('Reset your password from the sign-in page.', 24); // 'Reset your password…'
 * excerpt('Short enough', 80); // 'Short enough'
 */
export function excerpt(plainText: string, maxLength: number): string {
  const flat = plainText.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= maxLength) return flat;
  if (maxLength < 1) return '';
  const cut = chars.slice(0, maxLength - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  const atWordEnd = chars[maxLength - 1] === ' ';
  const kept = atWordEnd || lastSpace < cut.length / 2 ? cut : cut.slice(0, lastSpace);
  return `${kept.replace(/[\s.,;:!?\-–—]+$/u, '')}…`;
}

function createMarkdown(): MarkdownIt {
  const md = new MarkdownItClass({ html: false, linkify: true, typographer: true });
  const builtInValidateLink = md.validateLink.bind(md);
  md.validateLink = (url) => builtInValidateLink(url) && isSafeUrl(url);
  md.use(callouts);
  md.renderer.rules['link_open'] = renderLinkOpen;
  md.renderer.rules['image'] = renderImage;
  md.renderer.rules['fence'] = renderFence;
  md.renderer.rules['code_block'] = (tokens, idx) =>
    `<pre class="code-block"><code>${md.utils.escapeHtml(tokens[idx]!.content)}</code></pre>\n`;
  md.renderer.rules['table_open'] = () => '<div class="table-wrap">\n<table>\n';
  md.renderer.rules['table_close'] = () => '</table>\n</div>\n';
  return md;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const IMAGE_SCHEMES = new Set(['http', 'https']);

/** Relative URLs (no scheme) are allowed; so are absolute ones whose scheme is in `allowed`. */
function isSafeUrl(url: string, allowed: Set<string> = LINK_SCHEMES): boolean {
  // Browsers skip whitespace and control characters inside a scheme; check the %-decoded form too, to be strict.
  const decoded = url.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return [url, decoded].every((candidate) => {
    const scheme = SCHEME.exec(candidate.replace(/[\p{Cc}\p{Cf}\s]/gu, ''))?.[1];
    return scheme === undefined || allowed.has(scheme.toLowerCase());
  });
}

function isAbsoluteUrl(url: string): boolean {
  return /^(?:https?:|[\\/]{2})/i.test(url.replace(/[\p{Cc}\p{Cf}\s]/gu, ''));
}

function renderLinkOpen(
  tokens: Token[],
  idx: number,
  options: Required<MarkdownItOptions>,
  _env: unknown,
  self: Renderer,
): string {
  const token = tokens[idx]!;
  const href = attribute(token, 'href');
  if (href !== null && !isSafeUrl(href)) {
    token.attrs = token.attrs?.filter(([name]) => name !== 'href') ?? null;
  } else if (href !== null && isAbsoluteUrl(href)) {
    // The portal's own host is unknown here, so every absolute link counts as external.
    token.attrSet('rel', 'noopener noreferrer nofollow');
  }
  return self.renderToken(tokens, idx, options);
}

function renderImage(tokens: Token[], idx: number): string {
  const token = tokens[idx]!;
  const escape = markdown.utils.escapeHtml;
  const alt = inlineText(token.children ?? []);
  const src = attribute(token, 'src') ?? '';
  if (!isSafeUrl(src, IMAGE_SCHEMES)) return escape(alt);
  const title = attribute(token, 'title');
  const titleAttr = title ? ` title="${escape(title)}"` : '';
  return `<img src="${escape(src)}" alt="${escape(alt)}"${titleAttr} loading="lazy" decoding="async">`;
}

function renderFence(tokens: Token[], idx: number): string {
  const token = tokens[idx]!;
  const languageName = markdown.utils.unescapeAll(token.info).trim().split(/\s+/)[0] ?? '';
  const { language, html } = highlightCode(token.content, languageName);
  const codeClass = language ? ` class="language-${language}"` : '';
  return `<pre class="code-block"><code${codeClass}>${html}</code></pre>\n`;
}

/** The CSP forbids inline styles: table column alignment (`style="text-align:…"`) becomes `align-*` classes. */
function replaceInlineStyles(tokens: Token[]): void {
  for (const token of tokens) {
    const style = attribute(token, 'style');
    if (style !== null) {
      const align = /^text-align:(left|center|right)$/.exec(style)?.[1];
      if (align) token.attrJoin('class', `align-${align}`);
      token.attrs = token.attrs?.filter(([name]) => name !== 'style') ?? null;
    }
    if (token.children) replaceInlineStyles(token.children);
  }
}

/** Gives every h2 and h3 a unique slug id and returns them as the table of contents. */
function addHeadingIds(tokens: Token[]): TocEntry[] {
  const toc: TocEntry[] = [];
  const used = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open' || (token.tag !== 'h2' && token.tag !== 'h3')) return;
    const text = collapse(inlineText(tokens[index + 1]?.children ?? []));
    const base = slugify(text);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    token.attrSet('id', id);
    toc.push({ level: token.tag === 'h2' ? 2 : 3, id, text });
  });
  return toc;
}

/** "Before you start" → `before-you-start`; Latin accents dropped, other scripts kept (`設定`). */
function slugify(text: string): string {
  const slug = Array.from(
    text
      .normalize('NFKD')
      .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
      .normalize('NFC')
      .toLowerCase()
      .replace(/['‘’`]/g, '')
      .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  )
    .slice(0, 80)
    .join('')
    .replace(/-+$/, '');
  return slug || 'section';
}

function plainTextOf(tokens: Token[]): string {
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type === 'inline') blocks.push(collapse(inlineText(token.children ?? [])));
    else if (token.type === 'fence' || token.type === 'code_block') blocks.push(collapse(token.content));
  }
  return blocks.filter(Boolean).join('\n');
}

/** The text a reader sees in an inline run: text, code, and an image's alt. */
function inlineText(children: Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'image') text += inlineText(child.children ?? []);
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
  }
  return text;
}

function attribute(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
