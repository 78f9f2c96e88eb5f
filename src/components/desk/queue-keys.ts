/**
 * Keyboard shortcuts for the desk's queue: j/k move through the rows, Enter/o opens the current one,
 * x ticks its checkbox, / jumps to the search filter, ? shows the list of shortcuts. Keys typed into a
 * text field, a select or an editable area are never taken.
 */

const rows = () => [...document.querySelectorAll<HTMLTableRowElement>('[data-queue-row]')];
let current = -1;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    return true;
  }
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  );
}

function highlight(index: number, focus: boolean): void {
  const list = rows();
  if (list.length === 0) return;
  current = Math.max(0, Math.min(index, list.length - 1));
  list.forEach((row, i) => row.classList.toggle('is-current', i === current));
  const row = list[current];
  if (focus && row) {
    row.querySelector<HTMLAnchorElement>('[data-queue-open]')?.focus();
    row.scrollIntoView({ block: 'nearest' });
  }
}

function currentRow(): HTMLTableRowElement | undefined {
  return current >= 0 ? rows()[current] : undefined;
}

function toggleHelp(): void {
  const dialog = document.querySelector<HTMLDialogElement>('dialog[data-queue-help]');
  if (!dialog) return;
  if (dialog.open) dialog.close();
  else dialog.showModal();
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
  const helpOpen = document.querySelector<HTMLDialogElement>('dialog[data-queue-help]')?.open ?? false;
  if (helpOpen && event.key !== '?') return;
  const onControl = event.target instanceof HTMLAnchorElement || event.target instanceof HTMLButtonElement;
  let handled = true;
  switch (event.key) {
    case 'j':
      highlight(current + 1, true);
      break;
    case 'k':
      highlight(current - 1, true);
      break;
    case 'o':
    case 'Enter': {
      // Enter on a link or button keeps its own meaning.
      const link = currentRow()?.querySelector<HTMLAnchorElement>('[data-queue-open]');
      if (!link || (event.key === 'Enter' && onControl)) handled = false;
      else window.location.assign(link.href);
      break;
    }
    case 'x':
      currentRow()?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.click();
      break;
    case '/':
      document.querySelector<HTMLInputElement>('#field-q')?.focus();
      break;
    case '?':
      toggleHelp();
      break;
    default:
      handled = false;
  }
  if (handled) event.preventDefault();
});

// Clicking or tabbing into a row makes it the current one, so j/k go on from there.
document.addEventListener('focusin', (event) => {
  const row = event.target instanceof Element ? event.target.closest<HTMLTableRowElement>('[data-queue-row]') : null;
  if (row) highlight(rows().indexOf(row), false);
});

const selectAll = document.querySelector<HTMLInputElement>('[data-queue-select-all]');
if (selectAll) {
  const boxes = () => rows().flatMap((row) => [...row.querySelectorAll<HTMLInputElement>('input[name="number"]')]);
  const sync = () => {
    const ticked = boxes().filter((box) => box.checked).length;
    selectAll.checked = ticked > 0 && ticked === boxes().length;
    selectAll.indeterminate = ticked > 0 && ticked < boxes().length;
  };
  selectAll.hidden = false;
  selectAll.addEventListener('change', () => {
    for (const box of boxes()) box.checked = selectAll.checked;
  });
  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'number') sync();
  });
  sync();
}

// A module, not a script: its names stay out of the global scope.
export {};
