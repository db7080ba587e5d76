import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export class ScheduleQueryDto {
  @ApiPropertyOptional({ enum: ['zh', 'en'], description: 'The language of titles, names and abstracts (else Accept-Language, else English)' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}

export class CountDto {
  @ApiProperty({ description: 'The value counted (a kind, format, country code…); `unknown` when not set' }) key: string;
  @ApiProperty() count: number;
}

export class TrackCountDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: sessions without a track' }) trackId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) code: string | null;
  @ApiNullableRef(LocalizedTextDto) name: LocalizedText | null;
  @ApiProperty() count: number;
}

export class SessionStatsDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [TrackCountDto] }) byTrack: TrackCountDto[];
  @ApiProperty({ type: [CountDto] }) byKind: CountDto[];
  @ApiProperty({ type: [CountDto] }) byFormat: CountDto[];
  @ApiProperty({ description: 'Online and hybrid sessions over all sessions (0 to 1; 0 when there are none)' }) onlineShare: number;
}

export class SpeakerStatsDto {
  @ApiProperty({ description: 'Distinct people on the programme' }) total: number;
  @ApiProperty({ type: [CountDto], description: 'By ISO 3166 country code' }) byCountry: CountDto[];
}

export class SubmissionStatsDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [CountDto], description: 'By state (draft, submitted, accepted, rejected, confirmed, withdrawn)' }) byStatus: CountDto[];
  @ApiProperty({ description: 'Accepted (and confirmed) over decided (accepted, confirmed, rejected); 0 when none is decided' }) acceptanceRate: number;
}

export class RegistrationStatsDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [CountDto], description: 'in_person, online' }) byMode: CountDto[];
  @ApiProperty({ type: [CountDto], description: 'confirmed, waitlisted, cancelled' }) byStatus: CountDto[];
  @ApiProperty({ description: 'Checked-in over confirmed registrations (0 to 1; 0 when none is confirmed)' }) checkInRate: number;
}

export class StatsResponseDto {
  @ApiProperty({ type: SessionStatsDto }) sessions: SessionStatsDto;
  @ApiProperty({ type: SpeakerStatsDto }) speakers: SpeakerStatsDto;
  @ApiProperty({ type: SubmissionStatsDto }) submissions: SubmissionStatsDto;
  @ApiProperty({ type: RegistrationStatsDto }) registrations: RegistrationStatsDto;
}
