/** A business-hours calendar: when the SLA clocks run. */
export interface SlaCalendarTable {
  id: string;
  name: string;
  /** An IANA time zone, e.g. Europe/Berlin; weekly hours and holidays are read in it. */
  time_zone: string;
  /** JSON: seven lists (Monday first) of [startMinute, endMinute] pairs within the day (0–1440). */
  weekly_hours: string;
  /** JSON: holiday dates (YYYY-MM-DD) in the calendar's zone. */
  holidays: string;
  created_at: string;
  updated_at: string;
}

/** An SLA policy: which tickets it covers and the targets per priority, in business minutes. */
export interface SlaPolicyTable {
  id: string;
  name: string;
  /** Lower first: the first policy whose conditions match a ticket applies. */
  position: number;
  /** JSON: { requestTypeIds, kinds, organisationIds, groupIds }; an empty list matches anything. */
  conditions: string;
  /** null: around the clock (24×7). */
  calendar_id: string | null;
  /** JSON: { P1: { firstResponse, nextReply, resolution }, … } in business minutes, null for none. */
  targets: string;
  /** A target is at risk once this share of its business minutes is used. */
  at_risk_percent: number;
  created_at: string;
  updated_at: string;
}

/** One row per ticket an SLA applies to: the clocks' due times, kept indexed for the checker. */
export interface SlaTicketStateTable {
  ticket_id: string;
  policy_id: string;
  /** JSON of the computed targets (TargetState[]): minutes, due, risk moment, met time. */
  targets: string;
  first_response_due: string | null;
  next_reply_due: string | null;
  resolution_due: string | null;
  /** Set while the clocks stand (pending, resolved): when the pause began. */
  paused_since: string | null;
  /** Business minutes the clocks have stood, added to the deadlines. */
  paused_minutes: number;
  first_response_met_at: string | null;
  /** Comma-separated target kinds already announced as at risk / breached (next_reply@<start> per cycle). */
  at_risk_notified: string;
  breached_notified: string;
  /** The earliest moment a not-yet-announced threshold passes; null when nothing can cross. Indexed. */
  next_check_at: string | null;
  updated_at: string;
}
