/** The plugin's tables as Kysely sees them; merged into PluginDatabase in index.ts. */

export const pointReasons = ['kudos', 'csat', 'training', 'redemption', 'adjustment'] as const;
export type PointReason = (typeof pointReasons)[number];

export type RedemptionStatus = 'pending' | 'approved' | 'rejected';

export interface KudosTable {
  id: string;
  from_id: string;
  to_id: string;
  /** 1–500 characters. */
  message: string;
  /** Points from the giver's monthly allowance; 0 for none. */
  points: number;
  /** A badge id from `badgeChoices`, or null. */
  badge: string | null;
  created_at: string;
}

/** The ledger: a balance is the sum of a user's rows; redemptions are negative rows. */
export interface PointsTable {
  id: string;
  user_id: string;
  points: number;
  reason: PointReason;
  /** The kudos, CSAT response, training assignment or redemption the points are for (unique per reason). */
  reference_id: string | null;
  /** An admin's reason for an adjustment. */
  note: string | null;
  created_at: string;
}

export interface BadgesTable {
  id: string;
  user_id: string;
  /** What people read: "Team player", "Trained: Phishing basics". */
  name: string;
  source: 'kudos' | 'training';
  /** The kudos id or the training assignment id (unique per source). */
  reference_id: string;
  created_at: string;
}

export interface RewardsTable {
  id: string;
  name: string;
  description: string;
  cost: number;
  /** How many are left; null for unlimited. */
  stock: number | null;
  /** 1 when staff may request it, 0 when hidden. */
  active: number;
  created_at: string;
  updated_at: string;
}

export interface RedemptionsTable {
  id: string;
  reward_id: string;
  user_id: string;
  /** The reward's cost when requested: what is held, and deducted on approval. */
  cost: number;
  status: RedemptionStatus;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
}
