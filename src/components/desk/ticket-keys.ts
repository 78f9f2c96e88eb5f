/**
 * Keyboard shortcuts on the agent's ticket page: r reply, n internal note, a assign to me, s status,
 * ? help. They never fire while the agent types in a field or holds a modifier key.
 */
function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.closest('input, textarea, select, [contenteditable]') !== null)
  );
}

function focusReply(mode: 'public' | 'internal'): void {
  const radio = document.querySelector<HTMLInputElement>(`.reply-form input[name="mode"][value="${mode}"]`);
  if (radio && !radio.disabled) radio.checked = true;
  const box = document.querySelector<HTMLTextAreaElement>('#field-body');
  box?.focus();
  box?.scrollIntoView({ block: 'center' });
}

function showHelp(): void {
  const help = document.querySelector<HTMLDetailsElement>('#ticket-shortcuts');
  if (!help) return;
  help.open = !help.open;
  help.querySelector('summary')?.focus();
}

const actions: Record<string, () => void> = {
  r: () => focusReply('public'),
  n: () => focusReply('internal'),
  a: () => document.querySelector<HTMLFormElement>('#assign-me-form')?.requestSubmit(),
  s: () => document.querySelector<HTMLSelectElement>('#field-status')?.focus(),
  '?': showHelp,
};

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});

// A module of its own, so its names stay out of the global scope.
export {};
