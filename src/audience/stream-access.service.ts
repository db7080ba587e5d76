import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { SeatsService } from '../registrations/seats.service.js';
import { AudienceRepository, type DeviceRow } from './audience.repository.js';
import type { StreamTokenResponseDto } from './audience.dto.js';
import { PRESENCE_REDIS } from './presence-store.provider.js';
import type { RedisPresenceStore } from './redis-presence.store.js';
import { StreamKeysService } from './stream-keys.service.js';

/** The claims of a stream token beyond sub (user), iss, aud, iat, exp. */
export interface StreamClaims {
  /** the session */
  sid: string;
  /** the edition */
  eid: string;
  /** the registration */
  reg: string;
  /** the device id the player sent */
  dev: string;
  /** the stream_devices row: revocation and the device limit are decided on it */
  jti: string;
}

/**
 * Stream access: a short-lived signed token per device for an admitted registrant. At most
 * STREAM_MAX_DEVICES devices are active per registration: a start beyond that pushes the oldest out,
 * decided under a per-registration lock (and one active device per slot in the database). A
 * cancellation ends the registration's devices in its own transaction.
 */
@Injectable()
export class StreamAccessService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AudienceRepository,
    private readonly keys: StreamKeysService,
    private readonly seats: SeatsService,
    private readonly registrations: RegistrationsService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    @Inject(PRESENCE_REDIS) private readonly redis: RedisPresenceStore | null,
  ) {}

  onModuleInit() {
    this.registrations.onCancel((em, c) => this.revoke(em, c.eventId, c.registrationId));
  }

  async start(sessionId: string, deviceId: string, user: AuthUser): Promise<StreamTokenResponseDto> {
    const admitted = await this.seats.streamAdmission(sessionId, user);
    if (!admitted) throw new DomainError('STREAM_NOT_ADMITTED', 'The stream is for confirmed registrants whose attendance mode admits this session');
    const { eventId, registrationId } = admitted;
    const now = this.clock.now();
    const max = this.config.get('STREAM_MAX_DEVICES', { infer: true });
    const device = await this.db.transaction(async (em) => {
      await this.repo.lockRegistrationDevices(registrationId, em);
      const active = await this.repo.activeDevices(eventId, registrationId, em);
      const same = active.find((d) => d.deviceId === deviceId);
      if (same) return same.id; // the same device renews its token: nothing is pushed out
      const pushed: DeviceRow[] = [];
      while (active.length >= max) pushed.push(active.shift()!);
      await this.repo.endDevices(
        pushed.map((d) => d.id),
        'pushed_out',
        now,
        em,
      );
      const used = new Set(active.map((d) => d.slot));
      let slot = 1;
      while (used.has(slot)) slot++;
      const id = await this.repo.insertDevice({ eventId, registrationId, userId: user.id, deviceId, slot, startedAt: now }, em);
      // Before the commit: a pushed-out device is refused from now on (if the commit fails, it starts again).
      await this.redis?.setDevices([{ id, state: 'active' }, ...pushed.map((d) => ({ id: d.id, state: 'pushed_out' as const }))]);
      return id;
    });
    const ttl = this.config.get('STREAM_TOKEN_TTL_SECONDS', { infer: true });
    const claims: StreamClaims = { sid: sessionId, eid: eventId, reg: registrationId, dev: deviceId, jti: device };
    const token = await this.keys.sign({ ...claims }, user.id, now, ttl);
    return { token, sessionId, deviceId, expiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + ttl * 1000).toISOString() };
  }

  private async revoke(em: EntityManager, eventId: string, registrationId: string): Promise<void> {
    const ended = await this.repo.endAllDevices(eventId, registrationId, this.clock.now(), em);
    await this.redis?.setDevices(ended.map((id) => ({ id, state: 'cancelled' as const })));
  }
}
