export interface EventOutboxTable {
  id: string;
  type: string;
  /** The id of what the event is about (a ticket's id for ticket events). */
  subject_id: string;
  actor_id: string | null;
  /** JSON of the event's payload. */
  payload: string;
  created_at: string;
  /** Order within one transaction, so events of one change are delivered in the order they happened. */
  position: number;
  dispatched_at: string | null;
  attempts: number;
  last_error: string | null;
  /** While an instance delivers the event: until when its claim holds (then another may take it over). */
  locked_until: string | null;
}
