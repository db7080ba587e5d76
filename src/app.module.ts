import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from './access/access.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ErrorCatalog } from './common/errors/error-catalog.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { AuthGuard } from './access/auth.guard.js';
import type { EnvironmentVariables } from './config/env.validation.js';
import { typeormOptions } from './database/typeorm-options.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { AuditModule } from './audit/audit.module.js';
import { CacheModule } from './cache/cache.module.js';
import { ClockModule } from './common/clock.js';
import { AwardsModule } from './awards/awards.module.js';
import { AudienceModule } from './audience/audience.module.js';
import { AbstractBookModule } from './abstract-book/abstract-book.module.js';
import { CmeModule } from './cme/cme.module.js';
import { DisclosuresModule } from './disclosures/disclosures.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { WebhookOutboxModule } from './webhooks/webhook-outbox.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { RegistrationsModule } from './registrations/registrations.module.js';
import { SeedModule } from './seed/seed.module.js';
import { UsersModule } from './users/users.module.js';
import { TracksModule } from './tracks/tracks.module.js';
import { RoomsModule } from './rooms/rooms.module.js';
import { SpeakersModule } from './speakers/speakers.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { ProgrammeModule } from './programme/programme.module.js';
import { SubmissionsModule } from './submissions/submissions.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { errorCatalog } from './errors.js';

/**
 * The application on a validated configuration (`createApp` validates the environment and its
 * overrides once: tests give each file its own database this way). `.env` is not read here: the
 * entry points load it into the environment before anything reads it (config/load-env.ts).
 */
@Module({})
export class AppModule {
  static register(env: EnvironmentVariables): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The validated values only: no .env read here, nothing written back into process.env.
        ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...env })] }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>) => {
            const url = config.get('DATABASE_URL', { infer: true });
            if (!url) throw new Error('DATABASE_URL is not set (main.ts starts the embedded PostgreSQL and sets it)');
            return typeormOptions(url, config.get('DATABASE_POOL_SIZE', { infer: true }));
          },
        }),
        JwtModule.registerAsync({
          global: true,
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
            secret: config.get('JWT_SECRET', { infer: true }),
            signOptions: { algorithm: 'HS256' },
            verifyOptions: { algorithms: ['HS256'] },
          }),
        }),
        ClockModule,
        CacheModule,
        UsersModule,
        AccessModule,
        AuthModule,
        NotificationsModule,
        AuditModule,
        WebhookOutboxModule,
        EventsModule,
        TracksModule,
        RoomsModule,
        SpeakersModule,
        SessionsModule,
        ProgrammeModule,
        SubmissionsModule,
        RegistrationsModule,
        ExportsModule,
        HealthModule,
        MetricsModule,
        WebhooksModule,
        DisclosuresModule,
        CmeModule,
        AwardsModule,
        AudienceModule,
        AbstractBookModule,
        SeedModule,
      ],
      providers: [
        // Every module's error codes, composed once from the explicit list in errors.ts.
        { provide: ErrorCatalog, useFactory: errorCatalog },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
