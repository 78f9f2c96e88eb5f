import type { MarkdownIt, StateBlock } from 'markdown-it';

/** The callout types an article may use, with the title each gets when the author gives none. */
export const CALLOUT_TITLES = { note: 'Note', tip: 'Tip', warning: 'Warning' } as const;

/** A callout type: `note`, `tip` or `warning`. */
export type CalloutType = keyof typeof CALLOUT_TITLES;

const COLON = 0x3a;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const MIN_COLONS = 3;

/**
 * A markdown-it plugin for callout containers, `:::note`, `:::tip` and `:::warning`, each optionally followed
 * by a title, up to a line of at least as many colons. The callout becomes
 * `<aside class="callout callout--<type>" role="note"><p class="callout__title">Title</p>…</aside>`; the title is
 * parsed as inline markdown (so raw HTML in it stays text). Unknown types are left to the paragraph rule.
 * Nest callouts by giving the outer one more colons (`::::note` … `::::`), or the same count, balanced.
 * @example
 * const md = new MarkdownIt({ html: false }).use(callouts);
 * md.render(':::warning Before you wipe\nBack up first.\n:::');
 * // <aside class="callout callout--warning" role="note">\n<p class="callout__title">Before you wipe</p>\n<p>Back up first.</p>\n</aside>\n
 */
export function callouts(md: MarkdownIt): void {
  md.block.ruler.before('fence', 'callout', calloutRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}

interface Opener {
  colons: number;
  type: CalloutType;
  title: string;
}

function calloutRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const opener = readOpener(state, startLine);
  if (!opener) return false;
  if (silent) return true;

  // Find the closing line; callouts opened in between (with as many colons or more) need their own, and
  // colons inside a fenced code block are code.
  let nextLine = startLine;
  let closed = false;
  let depth = 0;
  let fence: { char: number; length: number } | undefined;
  while (++nextLine < endLine) {
    const start = state.bMarks[nextLine]! + state.tShift[nextLine]!;
    const max = state.eMarks[nextLine]!;
    // A non-blank line indented less than the container ends the parent (e.g. a list item).
    if (start < max && state.sCount[nextLine]! < state.blkIndent) break;
    if (state.sCount[nextLine]! - state.blkIndent >= 4) continue;
    const char = state.src.charCodeAt(start);
    if (char === BACKTICK || char === TILDE) {
      const length = state.skipChars(start, char) - start;
      if (length < 3) continue;
      if (!fence) fence = { char, length };
      else if (char === fence.char && length >= fence.length && state.skipSpaces(start + length) >= max)
        fence = undefined;
      continue;
    }
    if (fence || char !== COLON) continue;
    const colons = state.skipChars(start, COLON) - start;
    if (colons < opener.colons) continue;
    if (state.skipSpaces(start + colons) >= max) {
      if (depth === 0) {
        closed = true;
        break;
      }
      depth--;
    } else if (readOpener(state, nextLine)) {
      depth++;
    }
  }

  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'callout';
  state.lineMax = nextLine;

  const open = state.push('callout_open', 'aside', 1);
  open.markup = ':'.repeat(opener.colons);
  open.info = opener.type;
  open.map = [startLine, nextLine];
  open.attrSet('class', `callout callout--${opener.type}`);
  open.attrSet('role', 'note');

  const titleOpen = state.push('callout_title_open', 'p', 1);
  titleOpen.attrSet('class', 'callout__title');
  titleOpen.map = [startLine, startLine + 1];
  const title = state.push('inline', '', 0);
  title.content = opener.title || CALLOUT_TITLES[opener.type];
  title.map = [startLine, startLine + 1];
  title.children = [];
  state.push('callout_title_close', 'p', -1);

  state.md.block.tokenize(state, startLine + 1, nextLine);

  const close = state.push('callout_close', 'aside', -1);
  close.markup = open.markup;

  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  state.line = nextLine + (closed ? 1 : 0);
  return true;
}

function readOpener(state: StateBlock, line: number): Opener | undefined {
  const start = state.bMarks[line]! + state.tShift[line]!;
  const max = state.eMarks[line]!;
  if (state.sCount[line]! - state.blkIndent >= 4 || state.src.charCodeAt(start) !== COLON) return undefined;
  const colons = state.skipChars(start, COLON) - start;
  if (colons < MIN_COLONS) return undefined;
  const match = /^\s*([A-Za-z]+)(?:\s+(.*))?$/.exec(state.src.slice(start + colons, max));
  const type = match?.[1]?.toLowerCase();
  if (!type || !Object.hasOwn(CALLOUT_TITLES, type)) return undefined;
  return { colons, type: type as CalloutType, title: (match?.[2] ?? '').trim() };
}
