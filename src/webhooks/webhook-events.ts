/** The changes an organiser can subscribe a webhook endpoint to. */
export const WEBHOOK_EVENT_TYPES = [
  'programme.published',
  'session.created',
  'session.updated',
  'session.deleted',
  'submission.decided',
  'registration.created',
  'registration.cancelled',
  'registration.promoted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
