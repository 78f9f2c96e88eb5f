/**
 * The plugin's tables. Times are ISO-8601 text (UTC), booleans integers 0/1.
 */

/** One survey per ticket, made when the ticket is resolved; snapshots who handled it at that moment. */
export interface SurveyTable {
  id: string;
  ticket_id: string;
  ticket_number: number;
  requester_id: string;
  /** The ticket's assignee when it was resolved. */
  agent_id: string | null;
  group_id: string | null;
  request_type_id: string | null;
  /** SHA-256 of the token in the survey mail; null until the mail is sent. */
  token_hash: string | null;
  /** SHA-256 of the token in the reminder mail (the first link keeps working too). */
  reminder_token_hash: string | null;
  created_at: string;
  /** When the survey mail is due (resolution + the configured delay). */
  due_at: string;
  sent_at: string | null;
  reminded_at: string | null;
  /** 1 once the requester answered (there is then exactly one response). */
  responded: number;
}

/** The requester's answer to a survey: one per ticket. Dimensions are copied from the survey for reports. */
export interface ResponseTable {
  id: string;
  survey_id: string;
  ticket_id: string;
  ticket_number: number;
  /** 1 (very dissatisfied) … 5 (very satisfied). */
  rating: number;
  comment: string | null;
  requester_id: string;
  agent_id: string | null;
  group_id: string | null;
  request_type_id: string | null;
  /** How the answer came in: the mailed link, or the prompt on the requester's ticket page. */
  channel: 'mail' | 'portal';
  created_at: string;
  /** The number of the service-recovery task opened for a low rating. */
  recovery_ticket_number: number | null;
}

export interface CsatTables {
  plugin_csat_surveys: SurveyTable;
  plugin_csat_responses: ResponseTable;
}
