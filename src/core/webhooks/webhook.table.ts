/** A subscription: Portico POSTs the events it lists to its URL, signed with its secret. */
export interface WebhookTable {
  id: string;
  url: string;
  /** JSON array of event types, or `["*"]` for every event. */
  events: string;
  /** The shared HMAC secret; kept readable because Portico must sign with it (it is not a password). */
  secret: string;
  /** 1 when deliveries are made, 0 when paused. */
  active: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One attempt to deliver one event to one webhook: what was sent and what came back. */
export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  /** Shared by every attempt of one delivery (the `Portico-Delivery` header). */
  delivery_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  /** The receiver's HTTP status; null when no answer came (refused, network error, timeout). */
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  /** The first 1 KB of the receiver's answer. */
  response_body: string | null;
  created_at: string;
}
