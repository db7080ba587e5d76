import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { HasSomeLanguage, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { SUBMISSION_TYPES, type SubmissionType } from './cfp-defaults.js';

export class SubmissionTypeSettingDto {
  @ApiProperty({ enum: SUBMISSION_TYPES }) @IsIn(SUBMISSION_TYPES) type: SubmissionType;
  @ApiProperty({ description: 'Whether speakers may submit this type' }) @IsBoolean() enabled: boolean;
  @ApiProperty({ minimum: 1, maximum: 240 }) @IsInt() @Min(1) @Max(240) defaultMinutes: number;
  @ApiProperty({ minimum: 1, maximum: 240, description: 'young_physician_talk: at most 5' }) @IsInt() @Min(1) @Max(240) maxMinutes: number;
}

export class ReviewCriterionDto {
  @ApiProperty({ example: 'novelty', description: 'a-z, digits and _ (1–40)' })
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'key must be lower-case letters, digits and _' })
  key: string;

  @ApiProperty({ type: LocalizedTextDto })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  label: LocalizedTextDto;
}

/** Changes an edition's call settings; types not named keep their current setting. */
export class PutCfpSettingsDto {
  @ApiPropertyOptional({ type: [SubmissionTypeSettingDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SUBMISSION_TYPES.length)
  @ValidateNested({ each: true })
  @Type(() => SubmissionTypeSettingDto)
  types?: SubmissionTypeSettingDto[];

  @ApiPropertyOptional({ type: [ReviewCriterionDto], description: 'Replaces the review criteria (scores 1–5 on each)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ReviewCriterionDto)
  criteria?: ReviewCriterionDto[];
}

export class ReviewCriterionResponseDto {
  @ApiProperty() key: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedText;
}

export class CfpSettingsResponseDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'events.cfp_opens_at, local time with offset' }) opensAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) closesAt: string | null;
  @ApiProperty() open: boolean;
  @ApiProperty({ description: 'false: the edition uses the default settings' }) custom: boolean;
  @ApiProperty({ type: [SubmissionTypeSettingDto] }) types: SubmissionTypeSettingDto[];
  @ApiProperty({ type: [ReviewCriterionResponseDto] }) criteria: ReviewCriterionResponseDto[];
  @ApiProperty({ example: 1 }) scoreMin: number;
  @ApiProperty({ example: 5 }) scoreMax: number;
}
