import type { Core } from '../context.ts';
import type { WebhookLookup } from './url-policy.ts';
import { systemLookup } from './url-policy.ts';

/** How webhooks behave in one core; set by installWebhooks. */
export interface WebhookOptions {
  /** Lets hooks call loopback and private addresses (tests, self-hosted receivers on the same network). */
  allowPrivateNetworks?: boolean;
  /** Resolves host names at send time (default: the system resolver, `dns.lookup` with all addresses). */
  lookup?: WebhookLookup;
  /** Milliseconds before a delivery attempt is abandoned (default 10 000). */
  timeoutMs?: number;
}

export type ResolvedWebhookOptions = Required<WebhookOptions>;

const byCore = new WeakMap<object, ResolvedWebhookOptions>();

export function setWebhookOptions(core: Core, options: WebhookOptions): void {
  byCore.set(core, {
    allowPrivateNetworks: options.allowPrivateNetworks ?? false,
    lookup: options.lookup ?? systemLookup,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

/** The core's webhook options; a core that never installed webhooks gets the strict defaults. */
export function webhookOptions(core: Core): ResolvedWebhookOptions {
  return byCore.get(core) ?? { allowPrivateNetworks: false, lookup: systemLookup, timeoutMs: 10_000 };
}
