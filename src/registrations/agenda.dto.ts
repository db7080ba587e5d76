import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export class AgendaQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only sessions of this edition' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class AgendaIcsQueryDto extends AgendaQueryDto {
  @ApiPropertyOptional({ enum: ['en', 'zh'], description: 'Language of titles and places (else Accept-Language)' })
  @IsOptional()
  @IsIn(['en', 'zh'])
  lang?: 'en' | 'zh';
}

export class FeedQueryDto {
  @ApiPropertyOptional({ enum: ['en', 'zh'] })
  @IsOptional()
  @IsIn(['en', 'zh'])
  lang?: 'en' | 'zh';
}

export class AgendaItemDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: '{ en, zh }' }) title: Record<string, string>;
  @ApiProperty({ enum: ['in_person', 'online', 'hybrid'] }) format: string;
  @ApiProperty({ description: 'Local time in the edition\'s zone, with offset' }) startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, nullable: true, description: '{ en, zh } name of the room' }) room: Record<string, string> | null;
  @ApiProperty({ description: 'Sessions of this agenda that overlap this one' }) clashesWith: string[];
  @ApiProperty() clash: boolean;
}

export class FeedTokenResponseDto {
  @ApiProperty({ description: 'The secret (shown once; resetting makes the old link stop working)' }) token: string;
  @ApiProperty({ description: 'Path of the feed under the API prefix, to subscribe to in a calendar app' }) path: string;
}
