import type { WebhookDelivery } from '../../../core/webhooks/index.ts';
import type { Translate } from '../../../i18n/index.ts';

/** The event types ticked in a webhook form (checkboxes named `event:<type>`); "*" when "All events" is. */
export function eventsFromForm(form: Record<string, string>): string[] {
  const chosen = Object.keys(form)
    .filter((key) => key.startsWith('event:'))
    .map((key) => key.slice('event:'.length));
  return chosen.includes('*') ? ['*'] : chosen;
}

/** A delivery attempt's outcome in words (never colour alone). */
export function deliveryOutcome(t: Translate, delivery: WebhookDelivery): string {
  if (delivery.ok) return t('admin.webhooks.delivered', { status: delivery.statusCode ?? '' });
  if (delivery.statusCode !== null) return t('admin.webhooks.failedStatus', { status: delivery.statusCode });
  return t('admin.webhooks.failed');
}

export const deliveryTime = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});
