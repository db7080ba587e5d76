import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const RELATIONSHIP_KINDS = [
  'consulting_advisory',
  'speakers_bureau',
  'research_funding',
  'honoraria',
  'stock_ownership',
  'employment',
  'travel',
  'other',
] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

export interface FinancialRelationship {
  company: string;
  kind: RelationshipKind;
  description?: string;
}

/**
 * A person's conflict-of-interest disclosure for an edition: their financial relationships with
 * commercial interests of the past twelve months, or an explicit "nothing to disclose". Valid for
 * twelve months from when it was made.
 */
@Entity({ name: 'disclosures' })
@Check('disclosures_content_check', `((jsonb_typeof(relationships) = 'array') AND (nothing_to_disclose = (jsonb_array_length(relationships) = 0)))`)
@ForeignKey('events', ['eventId'], ['id'], { name: 'disclosures_event_id_fkey', onDelete: 'CASCADE' })
@Unique('disclosures_event_speaker_key', ['eventId', 'speakerId'])
@ForeignKey('speakers', ['speakerId'], ['id'], { name: 'disclosures_speaker_id_fkey', onDelete: 'CASCADE' })
@ForeignKey('users', ['updatedBy'], ['id'], { name: 'disclosures_updated_by_fkey', onDelete: 'SET NULL' })
@Check('disclosures_validity_check', `(valid_until > disclosed_at)`)
export class DisclosureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'speaker_id', type: 'uuid' })
  speakerId: string;

  @Column({ name: 'nothing_to_disclose', type: 'boolean' })
  nothingToDisclose: boolean;

  @Column({ type: 'jsonb', default: '[]' })
  relationships: FinancialRelationship[];

  @Column({ name: 'disclosed_at', type: 'timestamptz' })
  disclosedAt: Date;

  @Column({ name: 'valid_until', type: 'timestamptz' })
  validUntil: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
