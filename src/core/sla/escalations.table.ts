/** An escalation level of an SLA policy: what happens at a moment relative to a target's deadline. */
export interface SlaEscalationTable {
  id: string;
  policy_id: string;
  /** first_response | next_reply | resolution */
  target: string;
  /** Business minutes relative to the target's due time: negative before it, positive after it. */
  offset_minutes: number;
  /** JSON: EscalationActions. */
  actions: string;
  created_at: string;
}

/** Tickets with a level still to fire: the earliest such moment, indexed for the minutely run. */
export interface SlaEscalationTicketTable {
  ticket_id: string;
  next_escalation_at: string;
  updated_at: string;
}

/** Levels that fired: once per ticket, level and target cycle. */
export interface SlaEscalationFiredTable {
  ticket_id: string;
  level_id: string;
  /** The SLA target's key (next_reply@<start> for each next-reply cycle). */
  target_key: string;
  fired_at: string;
}
