import { Module } from '@nestjs/common';
import { DisclosuresModule } from '../disclosures/disclosures.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { DemoRolesSeeder } from './demo-roles.js';
import { DemoSeeder } from './demo.seeder.js';

@Module({
  imports: [SpeakersModule, DisclosuresModule, SubmissionsModule, RegistrationsModule],
  providers: [DemoSeeder, DemoRolesSeeder],
  exports: [DemoSeeder],
})
export class SeedModule {}
