import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { RedisPresenceStore } from './redis-presence.store.js';

/** The Redis presence store when REDIS_URL is set; null: presence is kept in PostgreSQL (audience_pending). */
export const PRESENCE_REDIS = Symbol('PRESENCE_REDIS');

export const presenceStoreProvider = {
  provide: PRESENCE_REDIS,
  inject: [ConfigService],
  useFactory: (config: ConfigService<EnvironmentVariables, true>): RedisPresenceStore | null => {
    const url = config.get('REDIS_URL', { infer: true });
    return url ? new RedisPresenceStore(url, config.get('AUDIENCE_REDIS_PREFIX', { infer: true })) : null;
  },
};
