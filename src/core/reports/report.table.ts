/** One row per ticket: what the reports read, kept current by ticket events (see facts.ts). */
export interface ReportTicketFactTable {
  ticket_id: string;
  created_at: string;
  /** When the ticket was last resolved (or closed without being resolved); null while it is open. */
  done_at: string | null;
  group_id: string | null;
  assignee_id: string | null;
  request_type_id: string | null;
  priority: string;
  kind: string;
  first_responded_at: string | null;
  /** Business minutes of the ticket's SLA calendar from creation to the first public agent reply. */
  first_response_minutes: number | null;
  /** The SLA's first-response deadline; null when the ticket has no such target. */
  first_response_due: string | null;
  /** 1 met, 0 missed, null: no target or not answered yet. */
  first_response_met: number | null;
  /** Business minutes from creation to done_at, less the business minutes the SLA clocks stood. */
  resolution_minutes: number | null;
  resolution_due: string | null;
  /** 1 while the open ticket's resolution clock stands (pending): its due time is not final. */
  resolution_paused: number;
  /** 1 met, 0 missed, null: no target or still open. */
  resolution_met: number | null;
  /** Public replies by agents (first-contact resolution allows at most one). */
  agent_replies: number;
  reopen_count: number;
  updated_at: string;
}

/** The spans in which a ticket was open (new, open or pending): the backlog over time. */
export interface ReportOpenSpanTable {
  ticket_id: string;
  /** 0 from creation; each reopen starts the next. */
  seq: number;
  opened_at: string;
  closed_at: string | null;
}

/** A target per KPI, set by admins. */
export interface ReportTargetTable {
  kpi: string;
  value: number;
  updated_by_id: string | null;
  updated_at: string;
}

/** The weekly digests sent: at most one per lead and ISO week (e.g. 2026-W48). */
export interface ReportDigestTable {
  user_id: string;
  week: string;
  sent_at: string;
}
