import { diffWords } from 'diff';
import type { DiffPart } from '../../core/kb/index.ts';

/** A piece of a changed line; `changed` marks the words that differ from the line it replaced or became. */
export interface LineSegment {
  text: string;
  changed: boolean;
}

/** One row of a line diff as shown: a line, or a note standing for a run of unchanged lines. */
export type DiffRow =
  | {
      kind: 'same' | 'added' | 'removed';
      text: string;
      oldNumber: number | null;
      newNumber: number | null;
      /** For a changed line paired with its counterpart: which words changed. */
      segments: LineSegment[] | null;
    }
  | { kind: 'skipped'; count: number };

function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/** Word-level segments of a line replaced by another, from the removed line's or the added line's side. */
function segmentsOf(before: string, after: string, side: 'removed' | 'added'): LineSegment[] {
  return diffWords(before, after)
    .filter((change) => (side === 'removed' ? !change.added : !change.removed))
    .map((change) => ({ text: change.value, changed: side === 'removed' ? change.removed : change.added }));
}

/**
 * Splits a line diff's runs into lines with their numbers in the old and new text, keeping `context`
 * unchanged lines around each change and folding longer unchanged runs into one `skipped` row. A run of
 * removed lines followed by as many added ones is paired line by line, with the changed words marked, since
 * a paragraph is one line of markdown and one changed word would otherwise hide in it.
 * @example
 * diffRows([{ kind: 'same', text: 'a\n' }, { kind: 'added', text: 'b\n' }]);
 * // [{ kind: 'same', text: 'a', oldNumber: 1, newNumber: 1, segments: null },
 * //  { kind: 'added', text: 'b', oldNumber: null, newNumber: 2, segments: null }]
 */
export function diffRows(parts: DiffPart[], context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  parts.forEach((part, index) => {
    const lines = linesOf(part.text);
    if (part.kind === 'removed') {
      const next = parts[index + 1];
      const replacement = next?.kind === 'added' ? linesOf(next.text) : null;
      const paired = replacement?.length === lines.length ? replacement : null;
      lines.forEach((text, i) => {
        const segments = paired ? segmentsOf(text, paired[i]!, 'removed') : null;
        rows.push({ kind: 'removed', text, oldNumber: ++oldLine, newNumber: null, segments });
      });
      return;
    }
    if (part.kind === 'added') {
      const previous = parts[index - 1];
      const replaced = previous?.kind === 'removed' ? linesOf(previous.text) : null;
      const paired = replaced?.length === lines.length ? replaced : null;
      lines.forEach((text, i) => {
        const segments = paired ? segmentsOf(paired[i]!, text, 'added') : null;
        rows.push({ kind: 'added', text, oldNumber: null, newNumber: ++newLine, segments });
      });
      return;
    }
    const keepHead = index === 0 ? 0 : context;
    const keepTail = index === parts.length - 1 ? 0 : context;
    const numbered = lines.map((text) => ({
      kind: 'same' as const,
      text,
      oldNumber: ++oldLine,
      newNumber: ++newLine,
      segments: null,
    }));
    if (numbered.length <= keepHead + keepTail + 1) {
      rows.push(...numbered);
      return;
    }
    rows.push(...numbered.slice(0, keepHead));
    rows.push({ kind: 'skipped', count: numbered.length - keepHead - keepTail });
    rows.push(...numbered.slice(numbered.length - keepTail));
  });
  return rows;
}
