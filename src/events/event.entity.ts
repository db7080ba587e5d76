import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

export const EVENT_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

/** An edition of the congress (e.g. the 28th annual meeting, Jinan 2025). */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb', nullable: true })
  theme: LocalizedText | null;

  @Column({ type: 'text', nullable: true })
  acronym: string | null;

  @Column({ type: 'text' })
  city: string;

  @Column({ type: 'text', nullable: true })
  venue: string | null;

  /** First and last local day of the edition (inclusive), in `timeZone`. */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ type: 'text' })
  format: EventFormat;

  @Column({ name: 'cfp_opens_at', type: 'timestamptz', nullable: true })
  cfpOpensAt: Date | null;

  @Column({ name: 'cfp_closes_at', type: 'timestamptz', nullable: true })
  cfpClosesAt: Date | null;

  @Column({ name: 'registration_opens_at', type: 'timestamptz', nullable: true })
  registrationOpensAt: Date | null;

  @Column({ name: 'registration_closes_at', type: 'timestamptz', nullable: true })
  registrationClosesAt: Date | null;

  /** Seats for in-person attendance (null: unlimited). */
  @Column({ name: 'capacity_in_person', type: 'integer', nullable: true })
  capacityInPerson: number | null;

  /** Online places (null: unlimited). */
  @Column({ name: 'capacity_online', type: 'integer', nullable: true })
  capacityOnline: number | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
