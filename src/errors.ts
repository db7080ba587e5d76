import { COMMON_ERRORS } from './common/errors/common.errors.js';
import { ErrorCatalog, type ModuleErrors } from './common/errors/error-catalog.js';
import { USERS_ERRORS } from './users/users.errors.js';
import { AUTH_ERRORS } from './auth/auth.errors.js';
import { ACCESS_ERRORS } from './access/access.errors.js';
import { EVENTS_ERRORS } from './events/events.errors.js';
import { TRACKS_ERRORS } from './tracks/tracks.errors.js';
import { ROOMS_ERRORS } from './rooms/rooms.errors.js';
import { SPEAKERS_ERRORS } from './speakers/speakers.errors.js';
import { SESSIONS_ERRORS } from './sessions/sessions.errors.js';
import { CFP_ERRORS } from './cfp/cfp.errors.js';
import { SUBMISSIONS_ERRORS } from './submissions/submissions.errors.js';
import { DISCLOSURES_ERRORS } from './disclosures/disclosures.errors.js';
import { REGISTRATIONS_ERRORS } from './registrations/registrations.errors.js';
import { NOTIFICATIONS_ERRORS } from './notifications/notifications.errors.js';
import { AUDIT_ERRORS } from './audit/audit.errors.js';
import { WEBHOOKS_ERRORS } from './webhooks/webhooks.errors.js';
import { CME_ERRORS } from './cme/cme.errors.js';
import { AWARDS_ERRORS } from './awards/awards.errors.js';
import { AUDIENCE_ERRORS } from './audience/audience.errors.js';
import { ABSTRACT_BOOK_ERRORS } from './abstract-book/abstract-book.errors.js';

/**
 * Every module's error declarations, listed explicitly (a module that is not listed here has no
 * codes: nothing registers itself by being imported). `ErrorCode` is the union of their codes;
 * `errorCatalog()` composes them once at boot for the exception filter and the OpenAPI document.
 */
export const ERROR_MODULES = [
  COMMON_ERRORS,
  USERS_ERRORS,
  AUTH_ERRORS,
  ACCESS_ERRORS,
  EVENTS_ERRORS,
  TRACKS_ERRORS,
  ROOMS_ERRORS,
  SPEAKERS_ERRORS,
  SESSIONS_ERRORS,
  CFP_ERRORS,
  SUBMISSIONS_ERRORS,
  DISCLOSURES_ERRORS,
  REGISTRATIONS_ERRORS,
  NOTIFICATIONS_ERRORS,
  AUDIT_ERRORS,
  WEBHOOKS_ERRORS,
  CME_ERRORS,
  AWARDS_ERRORS,
  AUDIENCE_ERRORS,
  ABSTRACT_BOOK_ERRORS,
] as const;

type CodesOf<M> = M extends ModuleErrors<infer C> ? C : never;
export type ErrorCode = CodesOf<(typeof ERROR_MODULES)[number]>;

export function errorCatalog(): ErrorCatalog {
  return new ErrorCatalog(ERROR_MODULES);
}
