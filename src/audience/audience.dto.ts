import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';

export class StartStreamDto {
  @ApiProperty({ example: 'b3f1c2e4-phone', description: 'The player’s own stable id for this device (1–128 letters, digits, _ . : -)' })
  @IsString()
  @Matches(/^[\w.:-]{1,128}$/, { message: 'deviceId must be 1 to 128 letters, digits, _ . : -' })
  deviceId: string;
}

export class StreamTokenResponseDto {
  @ApiProperty({ description: 'A signed JWT (ES256 or EdDSA) to send as X-Stream-Token; verify it with the keys at /api/v1/.well-known/jwks.json' }) token: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() deviceId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class LiveSessionDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ description: 'Registrants who sent a beat in the minute in progress' }) current: number;
  @ApiProperty({ description: 'Registrants who sent a beat in the last closed minute' }) lastMinute: number;
}
export class LiveTotalDto {
  @ApiProperty() current: number;
  @ApiProperty() lastMinute: number;
}
export class LiveCountsDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'date-time', description: 'The minute in progress' }) minute: string;
  @ApiProperty({ type: LiveTotalDto }) total: LiveTotalDto;
  @ApiProperty({ type: [LiveSessionDto] }) sessions: LiveSessionDto[];
}

export class AudienceQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'eventId must be a UUID' })
  eventId: string;
}

export class WatchRecordDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ description: 'Minutes with a verified heartbeat' }) minutes: number;
  @ApiProperty({ format: 'date-time' }) firstMinute: string;
  @ApiProperty({ format: 'date-time' }) lastMinute: string;
}

export class OnlineSessionStatsDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() uniqueViewers: number;
  @ApiProperty() peakConcurrent: number;
  @ApiProperty() watchedMinutes: number;
}
export class OnlineDayStatsDto {
  @ApiProperty({ example: '2026-04-24', description: 'Local day of the edition' }) day: string;
  @ApiProperty() uniqueViewers: number;
}
export class MinutesBucketDto {
  @ApiProperty({ example: '30-59', description: 'Total watched minutes over the edition' }) bucket: string;
  @ApiProperty() registrants: number;
}
export class OnlineStatsDto {
  @ApiProperty({ description: 'Registrants who watched at least one minute' }) uniqueViewers: number;
  @ApiProperty({ description: 'Most registrants watching in one minute, over all sessions' }) peakConcurrent: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) peakAt: string | null;
  @ApiProperty({ type: [OnlineSessionStatsDto] }) sessions: OnlineSessionStatsDto[];
  @ApiProperty({ type: [OnlineDayStatsDto] }) days: OnlineDayStatsDto[];
  @ApiProperty({ type: [MinutesBucketDto] }) watchedMinutes: MinutesBucketDto[];
}
