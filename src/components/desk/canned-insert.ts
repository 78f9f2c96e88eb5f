/**
 * Inserts the chosen canned response (already filled in by the server, in the option's data-body) at the
 * reply box's cursor, instead of reloading the page with `?canned=<id>` as the form does without JavaScript.
 */
const form = document.querySelector<HTMLFormElement>('[data-canned-form]');
const picker = form?.querySelector<HTMLSelectElement>('select[name="canned"]');
const box = document.querySelector<HTMLTextAreaElement>('#field-body');

function insertChosen(select: HTMLSelectElement, textarea: HTMLTextAreaElement): boolean {
  const text = select.selectedOptions[0]?.dataset['body'];
  if (!text) return false;
  const start = textarea.selectionStart;
  const end = textarea.selectionEnd;
  textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
  const cursor = start + text.length;
  textarea.focus();
  textarea.setSelectionRange(cursor, cursor);
  // Lets the presence script notice that a reply is being written.
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  select.value = '';
  return true;
}

if (form && picker && box) {
  // Arrowing through a closed select fires change on every step; those choices wait for Enter or the button.
  let arrowedAt = 0;
  picker.addEventListener('keydown', (event) => {
    if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End') arrowedAt = Date.now();
  });
  picker.addEventListener('change', () => {
    if (Date.now() - arrowedAt > 500) insertChosen(picker, box);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    insertChosen(picker, box);
  });
}

// A module of its own, so its names stay out of the global scope.
export {};
