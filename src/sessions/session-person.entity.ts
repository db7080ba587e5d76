import { Check, Column, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SessionRole } from './session-vocabulary.js';

/**
 * A person's role in a session. `starts_at`/`ends_at` copy the session's times (kept in step
 * when the session moves) so that the exclusion constraint `session_people_no_double_booking`
 * refuses one person in two overlapping sessions, in any role, even under concurrent requests.
 */
@Entity({ name: 'session_people' })
@Exclusion('session_people_no_double_booking', `USING gist (event_id WITH =, speaker_id WITH =, session_id WITH <>, tstzrange(starts_at, ends_at) WITH &&)`)
@Check('session_people_role_check', `(role = ANY (ARRAY['chair', 'moderator', 'speaker', 'commentator', 'panelist']))`)
@Unique('session_people_role_key', ['eventId', 'sessionId', 'speakerId', 'role', 'segmentId'])
@ForeignKey('session_segments', ['eventId', 'segmentId'], ['eventId', 'id'], { name: 'session_people_segment_fkey', onDelete: 'CASCADE' })
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'session_people_session_fkey', onDelete: 'CASCADE' })
@ForeignKey('speakers', ['speakerId'], ['id'], { name: 'session_people_speaker_id_fkey', onDelete: 'CASCADE' })
@Index('session_people_session_idx', ['eventId', 'sessionId'])
@Index('session_people_speaker_idx', ['speakerId'])
export class SessionPersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'speaker_id', type: 'uuid' })
  speakerId: string;

  @Column({ type: 'text' })
  role: SessionRole;

  /** The segment the person speaks in, where it matters (a talk, a commentary). */
  @Column({ name: 'segment_id', type: 'uuid', nullable: true })
  segmentId: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;
}
