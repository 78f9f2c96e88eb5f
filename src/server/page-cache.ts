/**
 * Pages every anonymous reader is shown alike (a public knowledge-base article, a category), kept in
 * this process's memory once rendered and reused until the public content changes: each is kept under
 * the public content version read before it was rendered (src/core/public-content), and a request
 * reads the version first, so a write committed anywhere — another worker, another instance, the CLI —
 * makes every kept page stale at once. Bounded by bytes (least recently used pages go first) and by age.
 */
export interface KeptPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  /** The public content version read before the page was rendered. */
  version: string;
  /** What a reuse must still do that rendering did (counting an article's view). */
  onReuse: (() => void) | undefined;
}

export interface PageCache {
  /** The page kept for this key under this version, if it is not too old. */
  find(key: string, version: string, now?: number): KeptPage | undefined;
  /** Whether a page is kept for this key at all, whatever its version: a cheap first test. */
  holds(key: string): boolean;
  keep(key: string, page: KeptPage, now?: number): void;
  /** Bytes held (bodies and keys), for tests. */
  readonly bytes: number;
}

interface Entry {
  page: KeptPage;
  keptAt: number;
  size: number;
}

export function createPageCache(limits: { maxBytes: number; maxAgeMs: number }): PageCache {
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>();
  let bytes = 0;

  function forget(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.size;
  }

  return {
    find(key, version, now = Date.now()) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.page.version !== version || now - entry.keptAt > limits.maxAgeMs) {
        forget(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry.page;
    },
    holds(key) {
      return entries.has(key);
    },
    keep(key, page, now = Date.now()) {
      forget(key);
      const size = page.body.byteLength + key.length * 2;
      if (size > limits.maxBytes) return;
      while (bytes + size > limits.maxBytes) forget(entries.keys().next().value!);
      entries.set(key, { page, keptAt: now, size });
      bytes += size;
    },
    get bytes() {
      return bytes;
    },
  };
}

/**
 * A page says its answer may be shared with every anonymous reader (only when it was rendered for
 * one): it shows nothing that depends on who asks, and is made only from public content. `onReuse`
 * runs whenever the kept page is served instead of rendering it again.
 * @example
 * if (!user) shareWithAnonymousReaders(Astro.locals, () => recordArticleView(core, article.id));
 */
export function shareWithAnonymousReaders(locals: App.Locals, onReuse?: () => void): void {
  if (locals.user !== null) return;
  locals.sharedWithAnonymousReaders = { onReuse };
}
