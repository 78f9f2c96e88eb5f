export type Role = 'customer' | 'agent' | 'admin';

export interface UserTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  organisation_id: string | null;
  /** 1 while the account may sign in; 0 once deactivated. */
  active: number;
  email_verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganisationTable {
  id: string;
  name: string;
  domain: string | null;
  /** 1 when the organisation's customers may see each other's requests. */
  share_requests: number;
  created_at: string;
}

export interface GroupTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
}

export interface GroupMemberTable {
  group_id: string;
  user_id: string;
  /** 1 when this member leads the group (escalations and digests go to leads). */
  is_lead: number;
}
