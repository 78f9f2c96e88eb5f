/**
 * A small, safe Markdown renderer for lesson bodies. Everything is escaped; only the HTML built here
 * reaches the page. Supported: paragraphs, headings (#, ##, ###), bullet and numbered lists, fenced
 * code, **bold**, *emphasis*, `code`, links to http(s) and to /kb/… pages, and knowledge-base cards
 * (a line `kb:<slug>`, or a line that is only a link to a /kb/… article).
 */

export interface KbArticle {
  title: string;
  summary: string;
  url: string;
}

export type KbLookup = (slug: string) => Promise<KbArticle | undefined>;

export interface RenderOptions {
  /** Resolves `kb:` lines and lone /kb/ links into cards; without it they render as links or text. */
  kbArticle?: KbLookup | undefined;
  /** Added to heading levels: 1 turns `#` into <h2> (the page's own <h1> stays the only one). */
  headingOffset?: number | undefined;
}

type Block =
  | { type: 'paragraph'; lines: string[] }
  | { type: 'heading'; level: number; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'code'; text: string }
  | { type: 'kb'; slug: string; label: string | null; href: string | null };

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

/** The URL as given when links may point there (http, https, or the portal's /kb/ pages), else null. */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  if (/^https?:\/\/[^\s/]+[^\s]*$/i.test(trimmed)) return trimmed;
  if (/^\/kb(\/[^\s]*)?$/.test(trimmed) && !trimmed.startsWith('//')) return trimmed;
  return null;
}

const placeholder = /\u0000(\d+)\u0000/g;

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*]*?\S)\*(?!\*)/g, '$1<em>$2</em>');
}

/** Renders one line or paragraph of inline Markdown to safe HTML. */
export function renderInline(text: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\u0000${held.push(html) - 1}\u0000`;
  const restore = (value: string): string =>
    value.replace(placeholder, (_, index: string) => held[Number(index)] ?? '');
  let source = text.replaceAll('\u0000', '');
  source = source.replace(/`([^`]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  source = source.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole: string, label: string, url: string) => {
    const href = safeUrl(url);
    if (!href) return whole;
    const rel = href.startsWith('/') ? '' : ' rel="noopener noreferrer"';
    return hold(`<a href="${escapeHtml(href)}"${rel}>${restore(emphasis(escapeHtml(label)))}</a>`);
  });
  return restore(emphasis(escapeHtml(source)));
}

function parse(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] | null = null;
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph) blocks.push({ type: 'paragraph', lines: paragraph });
    if (list) blocks.push({ type: 'list', ...list });
    paragraph = null;
    list = null;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^\s*```/.test(line)) {
      flush();
      const code: string[] = [];
      index++;
      while (index < lines.length && !/^\s*```/.test(lines[index] ?? '')) code.push(lines[index++] ?? '');
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]?.length ?? 1, text: heading[2] ?? '' });
      continue;
    }
    const kbLine = /^\s*kb:\s*([A-Za-z0-9][A-Za-z0-9_-]*)\s*$/.exec(line);
    if (kbLine) {
      flush();
      blocks.push({ type: 'kb', slug: kbLine[1] ?? '', label: null, href: null });
      continue;
    }
    const kbLink = /^\s*\[([^\]]+)\]\((\/kb\/[^)\s]*?([A-Za-z0-9][A-Za-z0-9_-]*)\/?)\)\s*$/.exec(line);
    if (kbLink && !paragraph && !list) {
      blocks.push({ type: 'kb', slug: kbLink[3] ?? '', label: kbLink[1] ?? '', href: kbLink[2] ?? '' });
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d{1,3}[.)]\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = !bullet;
      if (paragraph || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[1] ?? '');
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      const items: string[] = list.items;
      items[items.length - 1] = `${items[items.length - 1] ?? ''} ${line.trim()}`;
      continue;
    }
    if (list) flush();
    paragraph ??= [];
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

function card(article: KbArticle): string {
  const url = safeUrl(article.url);
  if (!url) return `<p>${escapeHtml(article.title)}</p>`;
  return (
    `<a class="training-kb-card" href="${escapeHtml(url)}">` +
    `<span class="training-kb-card__kind">Knowledge base</span>` +
    `<strong class="training-kb-card__title">${escapeHtml(article.title)}</strong>` +
    (article.summary ? `<span class="training-kb-card__summary">${escapeHtml(article.summary)}</span>` : '') +
    `</a>`
  );
}

/**
 * Renders a lesson body to safe HTML.
 * @example
 * const html = await renderMarkdown(lesson.body, { kbArticle: (slug) => ctx.core.kb.article(slug) });
 */
export async function renderMarkdown(source: string, options: RenderOptions = {}): Promise<string> {
  const offset = options.headingOffset ?? 1;
  const html: string[] = [];
  for (const block of parse(source)) {
    switch (block.type) {
      case 'paragraph':
        html.push(`<p>${renderInline(block.lines.join(' '))}</p>`);
        break;
      case 'heading': {
        const level = Math.min(6, block.level + offset);
        html.push(`<h${level}>${renderInline(block.text)}</h${level}>`);
        break;
      }
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        html.push(`<${tag}>${block.items.map((item) => `<li>${renderInline(item)}</li>`).join('')}</${tag}>`);
        break;
      }
      case 'code':
        html.push(`<pre><code>${escapeHtml(block.text)}</code></pre>`);
        break;
      case 'kb': {
        const article = options.kbArticle ? await options.kbArticle(block.slug).catch(() => undefined) : undefined;
        if (article) html.push(card(article));
        else if (block.label && block.href) html.push(`<p>${renderInline(`[${block.label}](${block.href})`)}</p>`);
        else {
          html.push(
            `<p class="training-kb-missing">The knowledge base article “${escapeHtml(block.slug)}” is not available.</p>`,
          );
        }
        break;
      }
    }
  }
  return html.join('\n');
}
