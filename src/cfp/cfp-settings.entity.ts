import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ReviewCriterion, SubmissionTypeSetting } from './cfp-defaults.js';

/** An edition's call-for-submissions settings: submission types with durations, review criteria. */
@Entity({ name: 'cfp_settings' })
@ForeignKey('events', ['eventId'], ['id'], { name: 'cfp_settings_event_id_fkey', onDelete: 'CASCADE' })
export class CfpSettingsEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'jsonb' })
  types: SubmissionTypeSetting[];

  @Column({ type: 'jsonb' })
  criteria: ReviewCriterion[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
