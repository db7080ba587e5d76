import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { HasSomeLanguage, LocalizedLongTextDto, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { SESSION_ROLES, type SessionRole, SEGMENT_KINDS, type SegmentKind, SESSION_FORMATS, SESSION_KINDS, type SessionFormat, type SessionKind } from './session-vocabulary.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export class SegmentDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'When changing a session: one of its segments, which keeps its placed talk and its people at its new place in the list. A segment without `id` takes the one at its position (unless that one is named elsewhere); segments left out are removed (not one that holds a talk: SEGMENT_HOLDS_TALK).',
  })
  @IsOptional()
  @IsUUID('all')
  id?: string;

  @ApiProperty({ enum: SEGMENT_KINDS })
  @IsIn(SEGMENT_KINDS)
  kind: SegmentKind;

  @ApiPropertyOptional({ type: LocalizedTextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  title?: LocalizedTextDto;

  @ApiProperty({ example: 5, minimum: 1, maximum: 1440 })
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes: number;
}

export class SessionPersonDto {
  @ApiProperty({ format: 'uuid', description: 'A speaker profile (see POST /events/:eventId/speakers for invited faculty)' })
  @IsUUID('all')
  speakerId: string;

  @ApiProperty({ enum: SESSION_ROLES })
  @IsIn(SESSION_ROLES)
  role: SessionRole;

  @ApiPropertyOptional({ description: 'The segment (its 1-based position in `segments`) the person speaks in, e.g. a talk or a commentary' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  segment?: number;
}

export const SESSION_TEMPLATES = ['young_physician'] as const;

export class CreateSessionDto {
  @ApiProperty({ enum: SESSION_KINDS, description: 'With template young_physician it defaults to young_physician' })
  @ValidateIf((o: CreateSessionDto) => o.template === undefined || o.kind !== undefined)
  @IsIn(SESSION_KINDS)
  kind: SessionKind;

  @ApiProperty({ enum: SESSION_FORMATS, description: 'in_person needs roomId, online channelId, hybrid both' })
  @IsIn(SESSION_FORMATS)
  format: SessionFormat;

  @ApiProperty({ type: LocalizedTextDto })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  title: LocalizedTextDto;

  @ApiNullableRef(LocalizedLongTextDto)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => LocalizedLongTextDto)
  @HasSomeLanguage()
  description?: LocalizedLongTextDto | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all')
  trackId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A room of the edition (in_person, hybrid)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all')
  roomId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'An online channel of the edition (online, hybrid)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all')
  channelId?: string | null;

  @ApiProperty({ example: '2025-09-10T08:30:00+08:00' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiPropertyOptional({ example: '2025-09-10T10:00:00+08:00', description: 'Required unless a template gives the length' })
  @ValidateIf((o: CreateSessionDto) => o.template === undefined || o.endsAt !== undefined)
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ type: [SegmentDto], description: 'The timed parts, in order; their durations must fit in the session' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SegmentDto)
  segments?: SegmentDto[];

  @ApiPropertyOptional({ type: [SessionPersonDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SessionPersonDto)
  people?: SessionPersonDto[];

  @ApiPropertyOptional({ enum: SESSION_TEMPLATES, description: 'young_physician: `talks` talks, each followed by commentary and discussion (instead of `segments`)' })
  @IsOptional()
  @IsIn(SESSION_TEMPLATES)
  template?: (typeof SESSION_TEMPLATES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'Template: number of talks' })
  @ValidateIf((o: CreateSessionDto) => o.template !== undefined || o.talks !== undefined)
  @IsInt()
  @Min(1)
  @Max(100)
  talks?: number;

  @ApiPropertyOptional({ default: 5, description: 'Template: minutes per talk (a young-physician talk is at most 5: SLOT_DURATION)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  talkMinutes?: number;

  @ApiPropertyOptional({ default: 3, description: 'Template: minutes of expert commentary after each talk' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  commentaryMinutes?: number;

  @ApiPropertyOptional({ default: 2, description: 'Template: minutes of discussion after each talk' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  discussionMinutes?: number;
}

/** Changes; `segments` and `people`, when given, replace the lists. Moving or resizing checks everything again. */
export class UpdateSessionDto extends PartialType(
  OmitType(CreateSessionDto, ['template', 'talks', 'talkMinutes', 'commentaryMinutes', 'discussionMinutes', 'endsAt'] as const),
) {
  @ApiPropertyOptional({ example: '2025-09-10T10:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;
}

export class SegmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty({ enum: SEGMENT_KINDS }) kind: SegmentKind;
  @ApiNullableRef(LocalizedTextDto) title: LocalizedText | null;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ description: 'Local time with offset' }) startsAt: string;
  @ApiProperty() endsAt: string;
}

export class SessionPersonResponseDto {
  @ApiProperty({ format: 'uuid' }) speakerId: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty({ enum: SESSION_ROLES }) role: SessionRole;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Position of the segment' }) segment: number | null;
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind: SessionKind;
  @ApiProperty({ enum: SESSION_FORMATS }) format: SessionFormat;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiNullableRef(LocalizedLongTextDto) description: LocalizedText | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) trackId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) roomId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) channelId: string | null;
  @ApiProperty({ description: 'Local time with offset' }) startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ description: 'Rises with every change of time or place (iCal SEQUENCE)' }) sequence: number;
  @ApiProperty({ type: [SegmentResponseDto] }) segments: SegmentResponseDto[];
  @ApiProperty({ type: [SessionPersonResponseDto] }) people: SessionPersonResponseDto[];
}
