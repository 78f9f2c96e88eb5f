import { convert } from 'html-to-text';
import type { DomNode, FormatCallback } from 'html-to-text';

/** A line that opens quoted history: "On … wrote:" and its common translations. */
const attributionLine =
  /^(on\b.*\bwrote:|am\b.*\bschrieb\b.*:|le\b.*\ba écrit\s?:|el\b.*\bescribió:|op\b.*\bschreef\b.*:)\s*$/i;
const attributionStart = /^(on|am|le|el|op)\s.+/i;
const attributionEnd = /(wrote|schrieb|a écrit|escribió|schreef)\s?:\s*$/i;
const outlookSeparator = /^\s*(-{2,}\s*original message\s*-{2,}|_{10,})\s*$/i;
const outlookFrom = /^\*?(from|von|de):\*?\s/i;
const outlookSent = /^\*?(sent|date|gesendet|envoyé|datum):\*?\s/i;
const signatureDelimiter = /^--\s?$/;

/** Where quoted history begins in these lines, or -1. */
function historyStart(lines: string[]): number {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (attributionLine.test(line)) return index;
    // Mail clients wrap a long attribution: "On Mon, 3 Nov 2026 at 10:00, Casey <c@x>" / "wrote:".
    if (attributionStart.test(line) && attributionEnd.test(lines[index + 1]?.trim() ?? '')) return index;
    if (outlookSeparator.test(line)) return index;
    if (outlookFrom.test(line) && lines.slice(index + 1, index + 5).some((next) => outlookSent.test(next.trim()))) {
      return index;
    }
  }
  return -1;
}

/**
 * The new text of a message: quoted history ("On … wrote:", Outlook "From: … Sent: …" blocks, lines
 * starting with ">") and the signature after the "-- " delimiter removed. Sign-offs such as "Thanks,
 * Casey" stay: they are part of what the person wrote. When nothing is left, the text is kept whole.
 * @example
 * trimQuoted('Still broken.\n\nOn Mon, Ana wrote:\n> Try again'); // 'Still broken.'
 */
export function trimQuoted(text: string): string {
  let lines = text.replace(/\r\n?/g, '\n').split('\n');
  const history = historyStart(lines);
  if (history >= 0) lines = lines.slice(0, history);
  const signature = lines.findIndex((line) => signatureDelimiter.test(line));
  if (signature >= 0) lines = lines.slice(0, signature);
  lines = lines.filter((line) => !/^\s*>/.test(line));
  const trimmed = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return trimmed === '' ? text.trim() : trimmed;
}

/**
 * HTML mail as plain text (which the desk renders as markdown with HTML off): scripts, styles and
 * remote images are dropped and nothing is fetched; an inline image (cid:) becomes "[image: name]".
 * @example
 * htmlToSafeText('<p>Hi</p><script>x()</script>', new Map()); // 'Hi'
 */
export function htmlToSafeText(html: string, inlineNames: Map<string, string>): string {
  const image: FormatCallback = (elem: DomNode, _walk, builder) => {
    const attributes = (elem as { attribs?: Record<string, string> }).attribs ?? {};
    const source = (attributes['src'] ?? '').trim();
    if (!/^cid:/i.test(source)) return;
    const name = inlineNames.get(source.slice(4).replace(/^<|>$/g, '').toLowerCase());
    if (name) builder.addInline(`[image: ${name}]`);
  };
  const text = convert(html, {
    wordwrap: false,
    formatters: { porticoImage: image },
    selectors: [
      { selector: 'img', format: 'porticoImage' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'head', format: 'skip' },
      { selector: 'iframe', format: 'skip' },
      { selector: 'object', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
    ],
  });
  return text.replace(/\n{3,}/g, '\n\n').trim();
}
