import { Module } from '@nestjs/common';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { AudienceController } from './audience.controller.js';
import { AudienceRepository } from './audience.repository.js';
import { presenceStoreProvider } from './presence-store.provider.js';
import { PresenceService } from './presence.service.js';
import { StreamAccessService } from './stream-access.service.js';
import { StreamKeysService } from './stream-keys.service.js';

/** The online audience: stream tokens and their keys, heartbeats, live counts, watch records. */
@Module({
  imports: [RegistrationsModule, SessionsModule],
  controllers: [AudienceController],
  providers: [AudienceRepository, presenceStoreProvider, StreamKeysService, StreamAccessService, PresenceService],
  exports: [PresenceService],
})
export class AudienceModule {}
