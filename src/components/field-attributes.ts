/** The ids and ARIA values that tie a form control to its label, help text and error message. */
export interface FieldAttributes {
  /** The control's id (`field-<name>`), which the label's `for` names. */
  id: string;
  helpId: string;
  errorId: string;
  /** The help and error ids that are shown, for `aria-describedby`; undefined when neither is. */
  describedBy: string | undefined;
  /** `'true'` when there is an error, for `aria-invalid`; undefined otherwise. */
  invalid: 'true' | undefined;
}

/**
 * Computes the ids and ARIA values shared by Field, SelectField and TextareaField, so that tests and
 * pages can rely on `#field-<name>` whichever control renders it.
 *
 * @example
 * fieldAttributes('email', { error: 'Enter an email address.' });
 * // { id: 'field-email', helpId: 'field-email-help', errorId: 'field-email-error',
 * //   describedBy: 'field-email-error', invalid: 'true' }
 */
export function fieldAttributes(
  name: string,
  { help, error }: { help?: string | undefined; error?: string | undefined } = {},
): FieldAttributes {
  const id = `field-${name}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help && helpId, error && errorId].filter(Boolean).join(' ') || undefined;
  return { id, helpId, errorId, describedBy, invalid: error ? 'true' : undefined };
}
