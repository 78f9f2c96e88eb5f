/** A request type's approval steps (JSON), keyed by the request type; no row means no approval. */
export interface ApprovalDefinitionTable {
  request_type_id: string;
  /** JSON array of steps: `{ name, rule: 'any' | 'all', approvers: [{ kind, value }] }`. */
  steps: string;
  updated_at: string;
}

/** Who manages an organisation: the approver of kind `org_manager` for its members' requests. */
export interface ApprovalOrgManagerTable {
  organisation_id: string;
  user_id: string;
}

/** One ticket's approval: a snapshot of the steps when it started, and where it stands. */
export interface ApprovalRequestTable {
  id: string;
  ticket_id: string;
  request_type_id: string;
  /** The definition's steps as they were when the ticket was created (later edits do not change it). */
  steps: string;
  /** Index of the step waiting for decisions. */
  current_step: number;
  status: 'pending' | 'approved' | 'rejected';
  created_at: string;
  updated_at: string;
  decided_at: string | null;
}

/** One approver's task in one step, and their decision. */
export interface ApprovalDecisionTable {
  id: string;
  request_id: string;
  step: number;
  approver_id: string;
  decision: 'approve' | 'reject' | null;
  comment: string | null;
  /** 'portal' (page or API) or 'link' (one-time link in mail). */
  decided_via: string | null;
  decided_at: string | null;
  created_at: string;
}

/** A one-time decision link: only the SHA-256 of the token is kept. */
export interface ApprovalLinkTable {
  token_hash: string;
  decision_id: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}
