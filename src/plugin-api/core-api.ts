/** A person as plugins see them. */
export interface PortalUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string | null;
  active: boolean;
}

export type Role = 'customer' | 'agent' | 'admin';

export interface PortalGroup {
  id: string;
  name: string;
  description: string;
}

/** A ticket as plugins see it: its state, never its conversation. */
export interface PortalTicket {
  id: string;
  number: number;
  /** "PT-1042". */
  reference: string;
  subject: string;
  kind: 'incident' | 'service_request' | 'problem' | 'change';
  status: 'new' | 'open' | 'pending' | 'resolved' | 'closed';
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  requesterId: string;
  organisationId: string | null;
  groupId: string | null;
  assigneeId: string | null;
  requestTypeId: string | null;
  requestTypeName: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** Where the requester follows it (`/requests/<number>`), absolute. */
  portalUrl: string;
  /** Where agents work it (`/desk/tickets/<number>`), absolute. */
  deskUrl: string;
}

export interface NewTask {
  subject: string;
  description: string;
  /** Who the task is for; a staff member. */
  requesterId: string;
  groupId?: string | null;
  assigneeId?: string | null;
  /** A ticket the task is about: the task is linked to it as related. */
  relatedTicketNumber?: number;
}

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
}

/** Portico's public functions, as plugins call them. They act as the system, not as a user. */
export interface CoreApi {
  /** An absolute URL on the portal for a path (`/plugins/csat/rate?t=…`), built from PORTICO_PUBLIC_URL. */
  url(path: string): string;
  users: {
    get(id: string): Promise<PortalUser | undefined>;
    /** Active users, optionally of some roles or one group, by name. */
    list(filter?: { roles?: readonly Role[]; groupId?: string }): Promise<PortalUser[]>;
  };
  groups: {
    list(): Promise<PortalGroup[]>;
    get(id: string): Promise<PortalGroup | undefined>;
    members(groupId: string): Promise<{ user: PortalUser; isLead: boolean }[]>;
    /** The groups a user belongs to. */
    of(userId: string): Promise<PortalGroup[]>;
  };
  tickets: {
    /** By id or by number; undefined when there is no such ticket. */
    get(idOrNumber: string | number): Promise<PortalTicket | undefined>;
    /** The tickets whose ids are given, in no particular order; unknown ids are left out. */
    getMany(ids: readonly string[]): Promise<PortalTicket[]>;
    /** Adds an internal note (agents only see it) to a ticket, written by the system. */
    addInternalNote(number: number, body: string): Promise<void>;
    /** Opens a service request for staff (follow-ups, tasks); returns the new ticket. */
    createTask(task: NewTask): Promise<PortalTicket>;
  };
  requestTypes: {
    list(): Promise<{ id: string; name: string; active: boolean }[]>;
  };
  kb: {
    /** A published article by slug, with its URL; internal articles are included (plugins serve staff too). */
    article(slug: string): Promise<{ title: string; summary: string; url: string; visibility: string } | undefined>;
  };
  mail: {
    /** Queues a plain-text message; it is sent (and retried) by the mail worker after commit. */
    send(message: OutgoingMessage): Promise<void>;
  };
  tokens: {
    /** A new random token (for links in mail) and the SHA-256 hash to store instead of it. */
    create(): { token: string; hash: string };
    /** The hash of a token someone presented, to look it up by. */
    hash(token: string): string;
  };
}
