export type TicketKind = 'incident' | 'service_request' | 'problem' | 'change';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

export interface RequestTypeTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  /** A name from the portal's icon set (see src/components/requests/icons). */
  icon: string;
  /** The catalog heading the type is listed under. */
  category: string;
  kind: TicketKind;
  default_group_id: string | null;
  default_priority: Priority;
  active: number;
  position: number;
  /** The form definition as JSON (FormDefinition); tickets copy what they need, so edits never break them. */
  form: string;
  /** Bumped on every change of the form. */
  form_version: number;
  created_at: string;
  updated_at: string;
}
