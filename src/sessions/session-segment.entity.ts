import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SegmentKind } from './session-vocabulary.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';


/**
 * A timed part of a session, in order: the durations must fit inside the session (SLOT_OVERFLOW),
 * and a talk slot of a young-physician session is at most five minutes (SLOT_DURATION).
 */
@Entity({ name: 'session_segments' })
export class SessionSegmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  /** 1, 2, 3… in the session. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  kind: SegmentKind;

  @Column({ type: 'jsonb', nullable: true })
  title: LocalizedText | null;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes: number;
}
