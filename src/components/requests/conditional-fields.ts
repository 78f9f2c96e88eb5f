/**
 * Live conditions for RequestFormFields: a field whose condition does not hold is hidden and its controls
 * disabled, so the browser neither shows nor sends them. Without this script every field is shown with
 * a hint saying when it applies, and the server ignores the answers of fields whose condition fails.
 */

/** The answers a field currently gives, as strings a condition compares with; none when it is hidden. */
function answersOf(item: HTMLElement): string[] {
  if (item.hidden) return [];
  const controls = [
    ...item.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea'),
  ];
  switch (item.dataset['fieldKind']) {
    case 'checkbox':
      return controls.map((control) => String((control as HTMLInputElement).checked));
    case 'multi_select':
      return controls.filter((control) => (control as HTMLInputElement).checked).map((control) => control.value);
    case 'number':
      // The server compares String(number): "5.0" and "5" are the same answer.
      return controls
        .map((control) => control.value.trim())
        .filter((value) => value !== '' && Number.isFinite(Number(value)))
        .map((value) => String(Number(value)));
    default:
      return controls.map((control) => control.value.trim()).filter((value) => value !== '');
  }
}

function update(container: HTMLElement): void {
  const items = new Map<string, HTMLElement>();
  // Conditions name earlier fields, so one pass in document order settles chains of them.
  for (const item of container.querySelectorAll<HTMLElement>('[data-field-id]')) {
    const field = item.dataset['showWhenField'];
    if (field) {
      const source = items.get(field);
      const shown = source !== undefined && answersOf(source).includes(item.dataset['showWhenEquals'] ?? '');
      item.hidden = !shown;
      for (const control of item.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
        'input, select, textarea',
      )) {
        control.disabled = !shown;
      }
    }
    items.set(item.dataset['fieldId'] ?? '', item);
  }
}

for (const container of document.querySelectorAll<HTMLElement>('[data-request-form]')) {
  update(container);
  container.addEventListener('input', () => update(container));
  container.addEventListener('change', () => update(container));
}

// A module, so Astro bundles it as one and TypeScript checks its import.
export {};
