import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The keys that sign stream access tokens when none is configured (STREAM_SIGNING_KEY): made by
 * the first process that needs one and shared by every process through this table. One key is
 * current (retired_at NULL); retired keys stay published in the JWKS until their tokens expire.
 */
@Entity({ name: 'stream_signing_keys' })
@Check('stream_signing_keys_alg_check', `alg IN ('ES256', 'EdDSA')`)
@Index('stream_signing_keys_current_key', ['alg'], { unique: true, where: 'retired_at IS NULL' })
export class StreamSigningKeyEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'stream_signing_keys_pkey' })
  kid: string;

  @Column({ type: 'text' })
  alg: 'ES256' | 'EdDSA';

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk: Record<string, unknown>;

  @Column({ name: 'private_jwk', type: 'jsonb' })
  privateJwk: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
