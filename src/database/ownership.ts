/**
 * Every table has exactly one owning module (a folder under src/). Only the owner's repositories
 * read or write it; other modules go through the owner's exported service, or through a view the
 * owner publishes (listed under `views`). `test/architecture/ownership.e2e-spec.ts` reads every
 * repository's SQL and entity usage and the migrated catalog, and fails when this map is not
 * exhaustive or a module touches what it does not own. docs/ARCHITECTURE.md renders the same map.
 */
export const TABLE_OWNERS = {
  users: ['users'],
  access: ['event_members'],
  events: ['events'],
  tracks: ['tracks'],
  rooms: ['rooms'],
  speakers: ['speakers'],
  sessions: ['sessions', 'session_segments', 'session_people'],
  cfp: ['cfp_settings'],
  submissions: ['submissions', 'submission_speakers', 'reviews', 'talks'],
  disclosures: ['disclosures'],
  registrations: ['registration_capacities', 'registrations', 'idempotency_keys', 'session_seats', 'session_seat_counters', 'agenda_items', 'agenda_feed_tokens'],
  notifications: ['notification_outbox'],
  audit: ['audit_log'],
  webhooks: ['webhook_endpoints', 'webhook_deliveries', 'webhook_delivery_attempts'],
  cme: ['session_cme', 'cme_attendance', 'cme_certificates', 'cme_accreditations', 'cme_signatories'],
  awards: ['awards', 'award_jurors', 'award_nominees', 'award_scores'],
  cache: ['content_versions'],
  audience: ['stream_signing_keys', 'stream_devices', 'audience_minutes', 'audience_watch', 'audience_pending'],
  database: ['typeorm_migrations'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Views: each is owned by one module, which alone reads it. Its definition (a migration) may read
 * `id`, `event_id` and publication columns of other modules' tables: that is the contract their
 * owners give it.
 */
export const VIEW_OWNERS = {
  access_editions: 'access',
  access_resources: 'access',
} as const satisfies Record<string, keyof typeof TABLE_OWNERS>;

/**
 * SQL functions another module may call (never a table behind them): `sessions_outside_days` is the
 * sessions module's answer to "which sessions would lie outside these days?", which the events module
 * asks before changing an edition's days (events cannot depend on SessionsService).
 */
export const FUNCTION_OWNERS = {
  sessions_outside_days: 'sessions',
} as const satisfies Record<string, keyof typeof TABLE_OWNERS>;

export type OwningModule = keyof typeof TABLE_OWNERS;
export type TableName = (typeof TABLE_OWNERS)[OwningModule][number];

/** The module that owns a table (undefined: no such table in the map). */
export function ownerOf(table: string): OwningModule | undefined {
  return (Object.keys(TABLE_OWNERS) as OwningModule[]).find((m) => (TABLE_OWNERS[m] as readonly string[]).includes(table));
}
