import { DisclosureEntity } from '../disclosures/disclosure.entity.js';
import { EventMemberEntity } from '../access/event-member.entity.js';
import { EventEntity } from '../events/event.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import {
  AgendaFeedTokenEntity,
  AgendaItemEntity,
  IdempotencyKeyEntity,
  RegistrationCapacityEntity,
  RegistrationEntity,
  SessionSeatEntity,
} from '../registrations/registration.entity.js';
import { RoomEntity } from '../rooms/room.entity.js';
import { SessionPersonEntity } from '../sessions/session-person.entity.js';
import { SessionSegmentEntity } from '../sessions/session-segment.entity.js';
import { SessionEntity } from '../sessions/session.entity.js';
import { SpeakerEntity } from '../speakers/speaker.entity.js';
import { TrackEntity } from '../tracks/track.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** Every entity, listed explicitly (globs built from __dirname break under ESM). */
export const ENTITIES = [
  UserEntity,
  EventEntity,
  EventMemberEntity,
  NotificationEntity,
  TrackEntity,
  SpeakerEntity,
  RoomEntity,
  SessionEntity,
  SessionSegmentEntity,
  SessionPersonEntity,
  DisclosureEntity,
  RegistrationCapacityEntity,
  RegistrationEntity,
  IdempotencyKeyEntity,
  SessionSeatEntity,
  AgendaItemEntity,
  AgendaFeedTokenEntity,
];
