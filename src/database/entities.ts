import { EventMemberEntity } from '../events/event-member.entity.js';
import { EventEntity } from '../events/event.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
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
];
