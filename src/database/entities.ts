import { ContentVersionEntity } from '../cache/content-version.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { EventMemberEntity } from '../access/event-member.entity.js';
import { EventEntity } from '../events/event.entity.js';
import { TrackEntity } from '../tracks/track.entity.js';
import { RoomEntity } from '../rooms/room.entity.js';
import { SpeakerEntity } from '../speakers/speaker.entity.js';
import { SessionPersonEntity } from '../sessions/session-person.entity.js';
import { SessionSegmentEntity } from '../sessions/session-segment.entity.js';
import { SessionEntity } from '../sessions/session.entity.js';
import { CfpSettingsEntity } from '../cfp/cfp-settings.entity.js';
import { ReviewEntity } from '../submissions/review.entity.js';
import { SubmissionSpeakerEntity } from '../submissions/submission-speaker.entity.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { TalkEntity } from '../submissions/talk.entity.js';
import { DisclosureEntity } from '../disclosures/disclosure.entity.js';
import { AgendaFeedTokenEntity } from '../registrations/agenda-feed-token.entity.js';
import { AgendaItemEntity } from '../registrations/agenda-item.entity.js';
import { IdempotencyKeyEntity } from '../registrations/idempotency-key.entity.js';
import { RegistrationCapacityEntity } from '../registrations/registration-capacity.entity.js';
import { RegistrationEntity } from '../registrations/registration.entity.js';
import { SessionSeatCounterEntity } from '../registrations/session-seat-counter.entity.js';
import { SessionSeatEntity } from '../registrations/session-seat.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { WebhookDeliveryAttemptEntity } from '../webhooks/webhook-delivery-attempt.entity.js';
import { WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity.js';
import { WebhookEndpointEntity } from '../webhooks/webhook-endpoint.entity.js';
import { CmeAccreditationEntity } from '../cme/cme-accreditation.entity.js';
import { CmeAttendanceEntity } from '../cme/cme-attendance.entity.js';
import { CmeCertificateEntity } from '../cme/cme-certificate.entity.js';
import { CmeSignatoryEntity } from '../cme/cme-signatory.entity.js';
import { SessionCmeEntity } from '../cme/session-cme.entity.js';
import { AwardJurorEntity } from '../awards/award-juror.entity.js';
import { AwardNomineeEntity } from '../awards/award-nominee.entity.js';
import { AwardScoreEntity } from '../awards/award-score.entity.js';
import { AwardEntity } from '../awards/award.entity.js';
import { AudienceMinuteEntity } from '../audience/audience-minute.entity.js';
import { AudiencePendingEntity } from '../audience/audience-pending.entity.js';
import { AudienceWatchEntity } from '../audience/audience-watch.entity.js';
import { StreamDeviceEntity } from '../audience/stream-device.entity.js';
import { StreamSigningKeyEntity } from '../audience/stream-signing-key.entity.js';

/**
 * Every entity, one per table, listed explicitly (globs built from __dirname break under ESM).
 * `test/architecture/schema-drift.int-spec.ts` proves they describe the migrated schema exactly.
 */
export const ENTITIES = [
  ContentVersionEntity,
  UserEntity,
  EventMemberEntity,
  EventEntity,
  TrackEntity,
  RoomEntity,
  SpeakerEntity,
  SessionPersonEntity,
  SessionSegmentEntity,
  SessionEntity,
  CfpSettingsEntity,
  ReviewEntity,
  SubmissionSpeakerEntity,
  SubmissionEntity,
  TalkEntity,
  DisclosureEntity,
  AgendaFeedTokenEntity,
  AgendaItemEntity,
  IdempotencyKeyEntity,
  RegistrationCapacityEntity,
  RegistrationEntity,
  SessionSeatEntity,
  SessionSeatCounterEntity,
  NotificationEntity,
  AuditEntryEntity,
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookEndpointEntity,
  CmeAttendanceEntity,
  CmeCertificateEntity,
  CmeAccreditationEntity,
  CmeSignatoryEntity,
  SessionCmeEntity,
  AwardJurorEntity,
  AwardNomineeEntity,
  AwardScoreEntity,
  AwardEntity,
  StreamSigningKeyEntity,
  StreamDeviceEntity,
  AudienceMinuteEntity,
  AudienceWatchEntity,
  AudiencePendingEntity,
];
