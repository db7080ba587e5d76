/**
 * The rows a route can be addressed by, and what a missing one is called. The guard finds the
 * edition of `:sessionId`, `:awardId` … through the `access_resources` view (one branch per key,
 * each reading only `id, event_id` of its owner's table; see the migration that defines it).
 */
export const ACCESS_RESOURCES = {
  session: 'Session',
  submission: 'Submission',
  award: 'Award',
  registration: 'Registration',
} as const;

export type AccessResource = keyof typeof ACCESS_RESOURCES;
