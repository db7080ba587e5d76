import { Module } from '@nestjs/common';
import { CmeModule } from '../cme/cme.module.js';
import { DisclosuresModule } from '../disclosures/disclosures.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { SpeakersModule } from '../speakers/speakers.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { DemoCertificateSeeder } from './demo-certificate.js';
import { DemoRolesSeeder } from './demo-roles.js';
import { DemoSeeder } from './demo.seeder.js';

@Module({
  imports: [SpeakersModule, DisclosuresModule, SubmissionsModule, RegistrationsModule, CmeModule],
  providers: [DemoSeeder, DemoRolesSeeder, DemoCertificateSeeder],
  exports: [DemoSeeder],
})
export class SeedModule {}
