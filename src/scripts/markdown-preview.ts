/**
 * The editor's live preview island: as the author types in the body (debounced), posts the markdown to
 * the preview endpoint and swaps in the server's rendering. The page works without it: the Preview
 * button posts the whole form and the server renders the same HTML.
 */
interface TocEntry {
  level: 2 | 3;
  id: string;
  text: string;
}

interface Preview {
  html: string;
  toc: TocEntry[];
}

const debounceMs = 300;

function isPreview(value: unknown): value is Preview {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Preview).html === 'string' &&
    Array.isArray((value as Preview).toc)
  );
}

/** The table of contents, built as DOM nodes: heading texts are set as text, never parsed as HTML. */
function tocNode(region: HTMLElement, toc: TocEntry[]): Node | null {
  if (toc.length === 0) return null;
  const nav = document.createElement('nav');
  nav.className = 'toc';
  nav.setAttribute('aria-labelledby', 'kb-preview-toc-title');
  const title = document.createElement('h3');
  title.className = 'toc__title';
  title.id = 'kb-preview-toc-title';
  title.textContent = region.dataset['tocTitle'] ?? '';
  const list = document.createElement('ol');
  list.className = 'toc__list';
  for (const entry of toc) {
    const item = document.createElement('li');
    item.className = `toc__item toc__item--${entry.level}`;
    const link = document.createElement('a');
    link.href = `#${entry.id}`;
    link.textContent = entry.text;
    item.append(link);
    list.append(item);
  }
  nav.append(title, list);
  return nav;
}

function attach(region: HTMLElement): void {
  const source = document.getElementById(region.dataset['source'] ?? '');
  const output = region.querySelector<HTMLElement>('[data-preview-output]');
  const tocSlot = region.querySelector<HTMLElement>('[data-preview-toc]');
  const status = region.querySelector<HTMLElement>('[data-preview-status]');
  const endpoint = region.dataset['endpoint'];
  if (!(source instanceof HTMLTextAreaElement) || !output || !tocSlot || !status || !endpoint) return;

  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let shown = source.value;

  const refresh = async (): Promise<void> => {
    const markdown = source.value;
    if (markdown === shown) return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ body: markdown }),
        credentials: 'same-origin',
        signal: controller.signal,
      });
      const data: unknown = await response.json();
      if (!response.ok || !isPreview(data)) throw new Error(`preview failed with ${response.status}`);
      // The endpoint answers with renderArticle()'s HTML, which is safe by construction (html: false).
      output.innerHTML = data.html;
      tocSlot.replaceChildren(...[tocNode(region, data.toc)].filter((node): node is Node => node !== null));
      shown = markdown;
      status.textContent = '';
    } catch (error) {
      if (controller.signal.aborted) return;
      status.textContent = region.dataset['error'] ?? '';
      console.warn(error);
    } finally {
      if (inFlight === controller) inFlight = undefined;
    }
  };

  source.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), debounceMs);
  });
}

for (const region of document.querySelectorAll<HTMLElement>('[data-markdown-preview]')) attach(region);

export {};
