/** Roles are per edition: an organiser of one edition is a stranger to another. */
export const EVENT_ROLES = ['owner', 'organiser', 'track_chair', 'reviewer'] as const;
export type EventRole = (typeof EVENT_ROLES)[number];
