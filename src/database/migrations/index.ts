import { Foundation1795587600000 } from './1795587600000-foundation.js';
import { NotificationOutbox1795587700000 } from './1795587700000-notification-outbox.js';
import { TracksAndSpeakers1795587800000 } from './1795587800000-tracks-and-speakers.js';
import { Programme1795587900000 } from './1795587900000-programme.js';
import { AuditAndWebhookOutbox1795587950000 } from './1795587950000-audit-and-webhook-outbox.js';
import { WebhookAttempts1795587960000 } from './1795587960000-webhook-attempts.js';
import { MedicalEditionSettings1795587970000 } from './1795587970000-medical-edition-settings.js';
import { Disclosures1795587980000 } from './1795587980000-disclosures.js';
import { ContentChangeNotifications1795587990000 } from './1795587990000-content-change-notifications.js';
import { Submissions1795588100000 } from './1795588100000-submissions.js';
import { Registrations1795588200000 } from './1795588200000-registrations.js';
import { SessionsTriggerIgnoresSeatCounters1795588250000 } from './1795588250000-sessions-trigger-ignores-seat-counters.js';
import { FrabEventIds1795588300000 } from './1795588300000-frab-event-ids.js';
import { FrabTalkIds1795588310000 } from './1795588310000-frab-talk-ids.js';
import { ScheduledSubmissionChanges1795588400000 } from './1795588400000-scheduled-submission-changes.js';
import { CmeAndAwards1795588410000 } from './1795588410000-cme-and-awards.js';
import { SecurityReviewConstraints1795588500000 } from './1795588500000-security-review-constraints.js';
import { AccessViews1795589000000 } from './1795589000000-access-views.js';
import { SessionPlaceKinds1795589100000 } from './1795589100000-session-place-kinds.js';
import { SessionSeatCounters1795589200000 } from './1795589200000-session-seat-counters.js';
import { UserPreferredLanguage1795589450000 } from './1795589450000-user-preferred-language.js';
import { EditionDaysAndTalkFit1795589500000 } from './1795589500000-edition-days-and-talk-fit.js';
import { ContentVersions1795589700000 } from './1795589700000-content-versions.js';
import { Audience1795590100000 } from './1795590100000-audience.js';
import { CmeAccreditation1796167171976 } from './1796167171976-cme-accreditation.js';

/** Every migration in order (listed explicitly: globs built from __dirname break under ESM). */
export const MIGRATIONS = [
  Foundation1795587600000,
  NotificationOutbox1795587700000,
  TracksAndSpeakers1795587800000,
  Programme1795587900000,
  AuditAndWebhookOutbox1795587950000,
  WebhookAttempts1795587960000,
  MedicalEditionSettings1795587970000,
  Disclosures1795587980000,
  ContentChangeNotifications1795587990000,
  Submissions1795588100000,
  Registrations1795588200000,
  SessionsTriggerIgnoresSeatCounters1795588250000,
  FrabEventIds1795588300000,
  FrabTalkIds1795588310000,
  ScheduledSubmissionChanges1795588400000,
  CmeAndAwards1795588410000,
  SecurityReviewConstraints1795588500000,
  AccessViews1795589000000,
  SessionPlaceKinds1795589100000,
  SessionSeatCounters1795589200000,
  UserPreferredLanguage1795589450000,
  EditionDaysAndTalkFit1795589500000,
  ContentVersions1795589700000,
  Audience1795590100000,
  CmeAccreditation1796167171976,
];
