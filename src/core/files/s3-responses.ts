// Just enough of S3's XML: the few elements Portico reads, from documents S3 itself writes.

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return entities[name] ?? whole;
  });
}

/** The text of every `<name>` element, in order. */
export function elements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}>([^<]*)</${name}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => unescapeXml(match[1] ?? ''));
}

/** One page of ListObjectsV2: its keys, and the token for the next page when there is one. */
export function listPage(xml: string): { keys: string[]; next: string | null } {
  const truncated = elements(xml, 'IsTruncated')[0] === 'true';
  return { keys: elements(xml, 'Key'), next: truncated ? (elements(xml, 'NextContinuationToken')[0] ?? null) : null };
}

/** S3's error code (`NoSuchKey`, `AccessDenied`…) and message from an error response's body. */
export function errorOf(xml: string): { code: string | null; message: string | null } {
  return { code: elements(xml, 'Code')[0] ?? null, message: elements(xml, 'Message')[0] ?? null };
}
