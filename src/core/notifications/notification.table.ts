/** An admin's override of one notification template; without a row the default in code is used. */
export interface NotificationTemplateTable {
  /** The template's key, e.g. 'request.replied'. */
  key: string;
  subject: string;
  text: string;
  updated_by_id: string | null;
  updated_at: string;
}

/** Whether an agent receives one topic of agent notifications; without a row the topic is on. */
export interface NotificationPreferenceTable {
  user_id: string;
  /** 'assigned' | 'customer_replied' | 'mention' | 'sla'. */
  topic: string;
  enabled: number;
  updated_at: string;
}
