import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { SESSION_ROLES, type SessionRole, SEGMENT_KINDS, type SegmentKind, SESSION_FORMATS, SESSION_KINDS, type SessionFormat, type SessionKind } from '../sessions/session-vocabulary.js';

export class ProgrammeQueryDto {
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
  @ApiPropertyOptional({ nullable: true }) honorific: string | null;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true, description: 'The first title' }) title: LocalizedText | null;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true, description: 'The main affiliation' }) affiliation: LocalizedText | null;
  @ApiPropertyOptional({ nullable: true }) country: string | null;
  @ApiProperty({ description: 'Conflict-of-interest disclosure statement, shown beside the name', example: 'Nothing to disclose' }) disclosure: string;
}

/** A submission placed in a talk segment. Before its title is public the segment shows no talk; before its abstract is public, `abstract` is null. */
export class ProgrammeTalkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'True while the title is not public: the slot shows without title, abstract or presenters' }) embargoed: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null while embargoed' }) submissionId: string | null;
  @ApiProperty({ example: 'oral_abstract', description: 'The submission type (late_breaking_abstract included)' }) type: string;
  @ApiPropertyOptional({ enum: ['oral', 'poster'], nullable: true }) presentation: string | null;
  @ApiProperty({ type: String, enum: ['en', 'zh'], nullable: true, description: 'The language the talk is given in (null while embargoed)' }) language: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true, description: 'Null while embargoed' }) title: LocalizedText | null;
  @ApiProperty({ description: 'The title in the asked language; while embargoed, what the slot is ("Late-breaking abstract")' }) displayTitle: string;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true, description: 'Null while the abstract is embargoed' }) abstract: LocalizedText | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: () => [ProgrammePersonDto] }) speakers: ProgrammePersonDto[];
}

export class ProgrammeSegmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty({ enum: SEGMENT_KINDS }) kind: SegmentKind;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true }) title: LocalizedText | null;
  @ApiProperty() displayTitle: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: [ProgrammePersonDto], description: 'People of this segment (a talk speaker, a commentator)' }) people: ProgrammePersonDto[];
  @ApiPropertyOptional({ type: ProgrammeTalkDto, nullable: true, description: 'The talk placed here (null: none; while its title is not public: embargoed, without title or names)' }) talk: ProgrammeTalkDto | null;
}

export class ProgrammeTrackDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ nullable: true }) colour: string | null;
}

/** A physical room: name, venue, city. */
export class ProgrammeRoomDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ nullable: true }) venue: string | null;
  @ApiPropertyOptional({ nullable: true }) city: string | null;
}

/** An online channel: its name and platform, never its stream link. */
export class ProgrammeChannelDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ nullable: true }) platform: string | null;
}

export class ProgrammeSessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind: SessionKind;
  @ApiProperty({ enum: SESSION_FORMATS }) format: SessionFormat;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiProperty() displayTitle: string;
  @ApiPropertyOptional({ type: LocalizedTextDto, nullable: true }) description: LocalizedText | null;
  @ApiProperty({ description: 'Local time with offset' }) startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiPropertyOptional({ type: ProgrammeTrackDto, nullable: true }) track: ProgrammeTrackDto | null;
  @ApiPropertyOptional({ type: ProgrammeRoomDto, nullable: true }) room: ProgrammeRoomDto | null;
  @ApiPropertyOptional({ type: ProgrammeChannelDto, nullable: true }) channel: ProgrammeChannelDto | null;
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
