import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type DeviceEndReason = 'pushed_out' | 'cancelled';

/**
 * A device watching with a registration's stream access: its id is the `jti` of every token issued
 * to it. At most STREAM_MAX_DEVICES are active per registration (the service pushes the oldest out
 * under a per-registration lock); the database backs it with one active device per slot, and slots
 * are 1…32.
 */
@Entity({ name: 'stream_devices' })
@Check('stream_devices_slot_check', `slot BETWEEN 1 AND 32`)
@Check('stream_devices_device_id_check', `length(device_id) BETWEEN 1 AND 128`)
@Check('stream_devices_end_check', `(ended_at IS NULL) = (end_reason IS NULL) AND (end_reason IS NULL OR end_reason IN ('pushed_out', 'cancelled'))`)
@Index('stream_devices_slot_key', ['eventId', 'registrationId', 'slot'], { unique: true, where: 'ended_at IS NULL' })
@Index('stream_devices_device_key', ['eventId', 'registrationId', 'deviceId'], { unique: true, where: 'ended_at IS NULL' })
@ForeignKey('registrations', ['eventId', 'registrationId'], ['eventId', 'id'], { name: 'stream_devices_registration_fkey', onDelete: 'CASCADE' })
export class StreamDeviceEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'stream_devices_pkey' })
  eventId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'stream_devices_pkey' })
  id: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'device_id', type: 'text' })
  deviceId: string;

  @Column({ type: 'smallint' })
  slot: number;

  /** Insertion order: decides which device is oldest when two started at the same instant. */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: DeviceEndReason | null;
}
