import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PARSED_BY_HAND } from '../common/validation/app-validation.pipe.js';
import { LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { SESSION_ROLES, type SessionRole, SEGMENT_KINDS, type SegmentKind, SESSION_FORMATS, SESSION_KINDS, type SessionFormat, type SessionKind } from '../sessions/session-vocabulary.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export class ProgrammeQueryDto {
  /** Parsed by `ProgrammeQueryPipe` (programme-query.ts), not by the global ValidationPipe: the same rules. */
  static readonly [PARSED_BY_HAND] = true;

  @ApiPropertyOptional({ example: '2025-09-11', description: 'One local day of the edition' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be a date YYYY-MM-DD' })
  day?: string;

  @ApiPropertyOptional({ description: 'A track, by id or code (e.g. LEU)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  track?: string;

  @ApiPropertyOptional({ enum: SESSION_FORMATS })
  @IsOptional()
  @IsIn(SESSION_FORMATS)
  format?: SessionFormat;

  @ApiPropertyOptional({ enum: SESSION_KINDS })
  @IsOptional()
  @IsIn(SESSION_KINDS)
  kind?: SessionKind;

  @ApiPropertyOptional({ enum: ['zh', 'en'], description: 'The language of the single-string fields (else Accept-Language, else English)' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}

export class ProgrammePersonDto {
  @ApiProperty({ format: 'uuid' }) speakerId: string;
  @ApiProperty({ enum: SESSION_ROLES }) role: SessionRole;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty({ description: 'The name in the chosen language' }) displayName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) honorific: string | null;
  @ApiNullableRef(LocalizedTextDto, { description: 'The first title' }) title: LocalizedText | null;
  @ApiNullableRef(LocalizedTextDto, { description: 'The main affiliation' }) affiliation: LocalizedText | null;
  @ApiPropertyOptional({ type: String, nullable: true }) country: string | null;
  @ApiProperty({ description: 'Conflict-of-interest disclosure statement, shown beside the name', example: 'Nothing to disclose' }) disclosure: string;
}

/** A submission placed in a talk segment. Before its title is public the segment shows no talk; before its abstract is public, `abstract` is null. */
export class ProgrammeTalkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'True while the title is not public: the slot shows without title, abstract or presenters' }) embargoed: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null while embargoed' }) submissionId: string | null;
  @ApiProperty({ example: 'oral_abstract', description: 'The submission type (late_breaking_abstract included)' }) type: string;
  @ApiPropertyOptional({ type: String, enum: ['oral', 'poster', null], nullable: true }) presentation: string | null;
  @ApiProperty({ type: String, enum: ['en', 'zh', null], nullable: true, description: 'The language the talk is given in (null while embargoed)' }) language: string | null;
  @ApiNullableRef(LocalizedTextDto, { required: true, description: 'Null while embargoed' }) title: LocalizedText | null;
  @ApiProperty({ description: 'The title in the asked language; while embargoed, what the slot is ("Late-breaking abstract")' }) displayTitle: string;
  @ApiNullableRef(LocalizedTextDto, { description: 'Null while the abstract is embargoed' }) abstract: LocalizedText | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: () => [ProgrammePersonDto] }) speakers: ProgrammePersonDto[];
}

export class ProgrammeSegmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty({ enum: SEGMENT_KINDS }) kind: SegmentKind;
  @ApiNullableRef(LocalizedTextDto) title: LocalizedText | null;
  @ApiProperty() displayTitle: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: [ProgrammePersonDto], description: 'People of this segment (a talk speaker, a commentator)' }) people: ProgrammePersonDto[];
  @ApiNullableRef(ProgrammeTalkDto, { description: 'The talk placed here (null: none; while its title is not public: embargoed, without title or names)' }) talk: ProgrammeTalkDto | null;
}

export class ProgrammeTrackDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) colour: string | null;
}

/** A physical room: name, venue, city. */
export class ProgrammeRoomDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) venue: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) city: string | null;
}

/** An online channel: its name and platform, never its stream link. */
export class ProgrammeChannelDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) platform: string | null;
}

export class ProgrammeSessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind: SessionKind;
  @ApiProperty({ enum: SESSION_FORMATS }) format: SessionFormat;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiProperty() displayTitle: string;
  @ApiNullableRef(LocalizedTextDto) description: LocalizedText | null;
  @ApiProperty({ description: 'Local time with offset' }) startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiNullableRef(ProgrammeTrackDto) track: ProgrammeTrackDto | null;
  @ApiNullableRef(ProgrammeRoomDto) room: ProgrammeRoomDto | null;
  @ApiNullableRef(ProgrammeChannelDto) channel: ProgrammeChannelDto | null;
  @ApiProperty({ type: [ProgrammePersonDto], description: 'People of the whole session (chairs, moderators, panelists…)' }) people: ProgrammePersonDto[];
  @ApiProperty({ type: [ProgrammeSegmentDto] }) segments: ProgrammeSegmentDto[];
}

export class ProgrammeDayDto {
  @ApiProperty({ example: '2025-09-11', description: 'Local day in the edition’s time zone' }) date: string;
  @ApiProperty({ type: [ProgrammeSessionDto] }) sessions: ProgrammeSessionDto[];
}

export class ProgrammeEditionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiProperty() displayTitle: string;
  @ApiProperty() timeZone: string;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
}

export class ProgrammeResponseDto {
  @ApiProperty({ type: ProgrammeEditionDto }) event: ProgrammeEditionDto;
  @ApiProperty({ enum: ['zh', 'en'] }) lang: 'zh' | 'en';
  @ApiProperty({ type: [ProgrammeDayDto] }) days: ProgrammeDayDto[];
}
