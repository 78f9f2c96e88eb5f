/**
 * Suggests knowledge-base articles while a customer types a request's subject (ArticleSuggestions.astro):
 * 250 ms after the last keystroke, with at least 3 characters, it asks GET /api/v1/search and lists the
 * hits as links. The search API records nothing, so typing does not flood the insights page. Text from
 * the server is inserted as text only; the snippet's <mark> tags are the one markup rebuilt.
 */

interface Hit {
  title: string;
  url: string;
  snippet: string;
}

const debounceMs = 250;
const minLength = 3;

function textOf(aside: HTMLElement, key: string, params: Record<string, string | number> = {}): string {
  const template = aside.dataset[key] ?? '';
  return template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match));
}

/** The snippet as nodes: text stays text, <mark> becomes a mark element, anything else only its text. */
function snippetNodes(snippet: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<body>${snippet}</body>`, 'text/html');
  return [...parsed.body.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
  });
}

function isHitList(value: unknown): value is { hits: Hit[] } {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { hits?: unknown }).hits)) return false;
  return (value as { hits: unknown[] }).hits.every(
    (hit) =>
      typeof hit === 'object' &&
      hit !== null &&
      typeof (hit as Hit).title === 'string' &&
      typeof (hit as Hit).url === 'string' &&
      (hit as Hit).url.startsWith('/'),
  );
}

function render(aside: HTMLElement, hits: Hit[], query: string): void {
  const list = aside.querySelector<HTMLUListElement>('[data-suggest-list]');
  const status = aside.querySelector<HTMLElement>('[data-suggest-status]');
  if (!list || !status) return;
  list.replaceChildren(
    ...hits.map((hit) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      // The article page records the click with the words that found it: an open without a request is a deflection.
      link.href = `${hit.url}?${new URLSearchParams({ suggested: query }).toString()}`;
      link.textContent = hit.title;
      item.append(link);
      if (hit.snippet) {
        const snippet = document.createElement('span');
        snippet.className = 'request-suggestions__summary';
        snippet.append(...snippetNodes(hit.snippet));
        item.append(snippet);
      }
      return item;
    }),
  );
  list.hidden = hits.length === 0;
  // Sent with the request, so a request that follows suggestions is not counted as deflected.
  const shown = aside.querySelector<HTMLInputElement>('[data-suggest-query]');
  if (shown && hits.length > 0) shown.value = query;
  status.className = 'request-suggestions__status';
  status.textContent =
    hits.length === 0
      ? textOf(aside, 'textNone', { query })
      : hits.length === 1
        ? textOf(aside, 'textOne')
        : textOf(aside, 'textOther', { count: hits.length });
}

function attach(aside: HTMLElement): void {
  const input = document.getElementById(aside.dataset['suggestFor'] ?? '');
  if (!(input instanceof HTMLInputElement)) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let lastQuery = input.value.trim();

  const search = async (query: string) => {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const params = new URLSearchParams({ q: query, limit: '5' });
      const response = await fetch(`/api/v1/search?${params.toString()}`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`search answered ${response.status}`);
      const body: unknown = await response.json();
      if (controller.signal.aborted) return;
      render(aside, isHitList(body) ? body.hits : [], query);
    } catch (error) {
      if (controller.signal.aborted) return;
      const status = aside.querySelector<HTMLElement>('[data-suggest-status]');
      if (status) {
        status.className = 'request-suggestions__status';
        status.textContent = textOf(aside, 'textFailed');
      }
      console.warn(error);
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query === lastQuery) return;
    timer = setTimeout(() => {
      lastQuery = query;
      if (query.length < minLength) {
        inFlight?.abort();
        return;
      }
      void search(query);
    }, debounceMs);
  });
}

for (const aside of document.querySelectorAll<HTMLElement>('[data-suggest-articles]')) attach(aside);

// A module, so that its names stay its own.
export {};
