export type AuthTokenPurpose = 'password_reset' | 'email_verification';

/** A one-time link token sent by mail. */
export interface AuthTokenTable {
  /** SHA-256 of the emailed token, hex. */
  token_hash: string;
  user_id: string;
  purpose: AuthTokenPurpose;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** One row per failed attempt, keyed by account or client address; old rows are pruned. */
export interface AuthFailureTable {
  key: string;
  failed_at: string;
}
