import type { RegistrationMode } from './registration.entity.js';
import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/** Seats per edition and mode: the row whose one-statement update decides every registration. */
@Entity({ name: 'registration_capacities' })
@Check('registration_capacities_capacity_check', `(capacity >= 0)`)
@Check('registration_capacities_confirmed_check', `(confirmed >= 0)`)
@ForeignKey('events', ['eventId'], ['id'], { name: 'registration_capacities_event_id_fkey', onDelete: 'CASCADE' })
@Check('registration_capacities_mode_check', `(mode = ANY (ARRAY['in_person', 'online']))`)
@Check('registration_capacities_waitlisted_check', `(waitlisted >= 0)`)
@Check('registration_capacities_within_check', `((capacity IS NULL) OR (confirmed <= capacity))`)
export class RegistrationCapacityEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ type: 'text' })
  mode: RegistrationMode;

  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'int', default: 0 })
  confirmed: number;

  @Column({ type: 'int', default: 0 })
  waitlisted: number;
}
