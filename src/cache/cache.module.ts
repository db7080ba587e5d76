import { Global, Module } from '@nestjs/common';
import { CacheRepository } from './cache.repository.js';
import { PublicCache } from './public-cache.service.js';

@Global()
@Module({ providers: [CacheRepository, PublicCache], exports: [PublicCache] })
export class CacheModule {}
