import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SegmentKind } from './session-vocabulary.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';

/**
 * A timed part of a session, in order: the durations must fit inside the session (SLOT_OVERFLOW),
 * and a talk slot of a young-physician session is at most five minutes (SLOT_DURATION).
 */
@Entity({ name: 'session_segments' })
@Check('session_segments_duration_minutes_check', `((duration_minutes >= 1) AND (duration_minutes <= 1440))`)
@Unique('session_segments_event_id_id_key', ['eventId', 'id'])
@Check('session_segments_kind_check', `(kind = ANY (ARRAY['talk', 'commentary', 'discussion', 'lecture', 'break', 'ceremony', 'video_message', 'panel', 'qa', 'other']))`)
@Check('session_segments_position_check', `("position" >= 1)`)
@Unique('session_segments_position_key', ['eventId', 'sessionId', 'position'], { deferrable: 'INITIALLY IMMEDIATE' })
@ForeignKey('sessions', ['eventId', 'sessionId'], ['eventId', 'id'], { name: 'session_segments_session_fkey', onDelete: 'CASCADE' })
export class SessionSegmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  /** 1, 2, 3… in the session. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  kind: SegmentKind;

  @Column({ type: 'jsonb', nullable: true })
  title: LocalizedText | null;

  @Column({ name: 'duration_minutes', type: 'int' })
  durationMinutes: number;
}
