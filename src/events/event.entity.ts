import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';

export const EVENT_FORMATS = ['in_person', 'online', 'hybrid'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export const DISCLOSURE_POLICIES = ['block', 'flag'] as const;
export type DisclosurePolicy = (typeof DISCLOSURE_POLICIES)[number];

/** An edition of the congress (e.g. the 28th annual meeting, Jinan 2025). */
@Entity({ name: 'events' })
@Check('events_capacity_in_person_check', `(capacity_in_person >= 0)`)
@Check('events_capacity_online_check', `(capacity_online >= 0)`)
@Check('events_cfp_window_check', `((cfp_closes_at IS NULL) OR (cfp_opens_at IS NULL) OR (cfp_closes_at > cfp_opens_at))`)
@Check('events_dates_check', `(ends_on >= starts_on)`)
@Check('events_disclosure_policy_check', `(disclosure_policy = ANY (ARRAY['block', 'flag']))`)
@Check('events_format_check', `(format = ANY (ARRAY['in_person', 'online', 'hybrid']))`)
@Check('events_late_breaking_release_time_check', `(late_breaking_release_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`)
@Check('events_registration_window_check', `((registration_closes_at IS NULL) OR (registration_opens_at IS NULL) OR (registration_closes_at > registration_opens_at))`)
@Check('events_slug_check', `(slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`)
@Unique('events_slug_key', ['slug'])
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
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
  @Column({ name: 'capacity_in_person', type: 'int', nullable: true })
  capacityInPerson: number | null;

  /** Online places (null: unlimited). */
  @Column({ name: 'capacity_online', type: 'int', nullable: true })
  capacityOnline: number | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** What a missing conflict-of-interest disclosure does: `block` refuses, `flag` only reports. */
  @Column({ name: 'disclosure_policy', type: 'text', default: 'flag' })
  disclosurePolicy: DisclosurePolicy;

  /** When submission titles become public (null: with the programme). */
  @Column({ name: 'titles_release_at', type: 'timestamptz', nullable: true })
  titlesReleaseAt: Date | null;

  /** When regular abstracts become public (null: with the programme). */
  @Column({ name: 'abstracts_release_at', type: 'timestamptz', nullable: true })
  abstractsReleaseAt: Date | null;

  /** Late-breaking abstracts become public at this local time on the day of their session. */
  @Column({ name: 'late_breaking_release_time', type: 'text', default: '07:00' })
  lateBreakingReleaseTime: string;

  /** CME: claims close (and certificates become available) at this instant. */
  @Column({ name: 'cme_claims_close_at', type: 'timestamptz', nullable: true })
  cmeClaimsCloseAt: Date | null;
}
