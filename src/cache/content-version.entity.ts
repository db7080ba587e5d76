import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The content version of an edition: the transaction id of the last change to what its public
 * reads show, written by the `*_content_changed` triggers (migration ContentVersions) in the
 * changing transaction. Every replica names its cache entries by it, so they share them.
 * Owned by the cache; no foreign key (the row of a deleted edition is harmless and tiny).
 */
@Entity({ name: 'content_versions' })
export class ContentVersionEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'content_versions_pkey' })
  eventId: string;

  /** pg_current_xact_id() of the last change, as text of a bigint. */
  @Column({ type: 'bigint' })
  version: string;
}
