import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { HasSomeLanguage, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export const AWARD_KINDS = ['young_investigator_talk', 'poster', 'achievement', 'other'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

export class CreateAwardDto {
  @ApiProperty({ enum: AWARD_KINDS }) @IsIn(AWARD_KINDS) kind: AwardKind;
  @ApiProperty({ type: LocalizedTextDto, example: { en: 'Best Young Investigator Talk', zh: '最佳青年研究者报告' } })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  name: LocalizedTextDto;

  @ApiPropertyOptional({ type: LocalizedTextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  description?: LocalizedTextDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'The award ceremony session: results are public from its start' })
  @IsOptional()
  @IsUUID()
  ceremonySessionId?: string;

  @ApiPropertyOptional({ description: 'Or a time from which results are public (used when no ceremony session is named)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  announceAt?: string;
}

export class AddJurorDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId: string;
}

export class AddNomineeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A submission (give this or speakerId)' }) @IsOptional() @IsUUID() submissionId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A person’s speaker profile (give this or submissionId)' }) @IsOptional() @IsUUID() speakerId?: string;
}

export class ScoreDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() nomineeId: string;
  @ApiProperty({ minimum: 1, maximum: 10 }) @IsNumber({ maxDecimalPlaces: 2 }) @Min(1) @Max(10) score: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class WinnersDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'The confirmed winners (replaces any earlier confirmation)' })
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  nomineeIds: string[];
}

export class NomineeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) submissionId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) speakerId: string | null;
  @ApiProperty({ type: LocalizedTextDto, description: 'The submission’s title or the person’s name' }) label: LocalizedText;
  @ApiProperty() winner: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Mean juror score (organisers only)' }) meanScore?: number | null;
  @ApiPropertyOptional({ description: 'Number of scores (organisers only)' }) scoreCount?: number;
}

export class AwardResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: AWARD_KINDS }) kind: AwardKind;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiNullableRef(LocalizedTextDto) description: LocalizedText | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) ceremonySessionId: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When results become public (the ceremony’s start)' }) announceAt: string | null;
  @ApiProperty({ description: 'Are the results public now?' }) announced: boolean;
  @ApiProperty({ type: [NomineeDto], description: 'Public: the winners once announced. Organisers: every nominee with scores.' }) nominees: NomineeDto[];
  @ApiPropertyOptional({ type: [String], description: 'Juror user ids (organisers only)' }) jurorIds?: string[];
}

export class ScoreResponseDto {
  @ApiProperty({ format: 'uuid' }) nomineeId: string;
  @ApiProperty() score: number;
  @ApiPropertyOptional({ type: String, nullable: true }) comment: string | null;
}
