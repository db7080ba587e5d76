import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SUBMISSION_TYPES, type SubmissionType } from '../cfp/cfp-defaults.js';
import { HasSomeLanguage, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { PaginationQueryDto } from '../common/pagination/pagination.js';
import { SUBMISSION_STATUSES, type SubmissionStatus } from './submission-state.js';

export const ABSTRACT_MAX_CHARS = 3000;
export const ABSTRACT_MIN_CHARS = 50;

/** An abstract: 50–3,000 characters per language. */
export class AbstractTextDto implements LocalizedText {
  @ApiPropertyOptional({ minLength: ABSTRACT_MIN_CHARS, maxLength: ABSTRACT_MAX_CHARS })
  @IsOptional()
  @IsString()
  @MinLength(ABSTRACT_MIN_CHARS)
  @MaxLength(ABSTRACT_MAX_CHARS)
  en?: string;

  @ApiPropertyOptional({ minLength: ABSTRACT_MIN_CHARS, maxLength: ABSTRACT_MAX_CHARS })
  @IsOptional()
  @IsString()
  @MinLength(ABSTRACT_MIN_CHARS)
  @MaxLength(ABSTRACT_MAX_CHARS)
  zh?: string;
}

/** A co-speaker: an existing account (by id or email), or an invitation by email. */
export class CoSpeakerDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing account' })
  @ValidateIf((o: CoSpeakerDto) => o.email === undefined)
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'An account with this email, or an invitation: the invitee sees the submission once registered with it' })
  @ValidateIf((o: CoSpeakerDto) => o.userId === undefined)
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class CreateSubmissionDto {
  @ApiProperty({ enum: SUBMISSION_TYPES })
  @IsIn(SUBMISSION_TYPES)
  type: SubmissionType;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  trackId?: string | null;

  @ApiProperty({ type: LocalizedTextDto })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  title: LocalizedTextDto;

  @ApiProperty({ type: AbstractTextDto })
  @ValidateNested()
  @Type(() => AbstractTextDto)
  @HasSomeLanguage()
  abstract: AbstractTextDto;

  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['CAR-T', 'lymphoma'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(60, { each: true })
  keywords?: string[];

  @ApiPropertyOptional({ minimum: 1, description: "At most the type's maximum; default: the type's default" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  requestedMinutes?: number;

  @ApiProperty({ enum: ['en', 'zh'], description: 'Language of the presentation' })
  @IsIn(['en', 'zh'])
  language: 'en' | 'zh';

  @ApiPropertyOptional({ type: [CoSpeakerDto], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CoSpeakerDto)
  coSpeakers?: CoSpeakerDto[];

  @ApiPropertyOptional({ description: 'true: submit at once (draft → submitted); default: keep as a draft' })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;
}

/** Content changes (before a decision only); `coSpeakers` replaces the co-speakers. */
export class UpdateSubmissionDto extends PartialType(OmitType(CreateSubmissionDto, ['submit'] as const)) {}

export class ReviewDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { novelty: 4, clinical_relevance: 5, strength_of_evidence: 3 }, description: "An integer 1–5 for each of the edition's criteria" })
  @IsObject()
  scores: Record<string, number>;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['accept', 'reject'] }) @IsIn(['accept', 'reject']) decision: 'accept' | 'reject';

  @ApiPropertyOptional({ maxLength: 2000, description: 'Shown to the speakers' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ enum: ['oral', 'poster'], description: 'For an accepted abstract (default: poster for poster abstracts, oral otherwise)' })
  @IsOptional()
  @IsIn(['oral', 'poster'])
  presentation?: 'oral' | 'poster';
}

export const SUBMISSION_SORTS = ['submittedAt', '-submittedAt', 'meanScore', '-meanScore', 'reviewCount', '-reviewCount'] as const;

export class ListSubmissionsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ type: String, format: 'uuid' }) @IsOptional() @IsUUID() trackId?: string;
  @ApiPropertyOptional({ enum: SUBMISSION_TYPES }) @IsOptional() @IsIn(SUBMISSION_TYPES) type?: SubmissionType;
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES }) @IsOptional() @IsIn(SUBMISSION_STATUSES) status?: SubmissionStatus;
  @ApiPropertyOptional({ enum: SUBMISSION_SORTS, default: 'submittedAt', description: 'A leading - sorts descending' })
  @IsOptional()
  @IsIn(SUBMISSION_SORTS)
  sort?: (typeof SUBMISSION_SORTS)[number];
}

export class SubmissionSpeakerDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: invited, not registered yet' }) userId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) name: string | null;
  @ApiPropertyOptional({ description: "Shown to the submission's speakers and to owners and organisers; absent for reviewers and track chairs" }) email?: string;
  @ApiProperty() isPrimary: boolean;
}

export class SubmissionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: SUBMISSION_TYPES }) type: SubmissionType;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) trackId: string | null;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiProperty({ type: AbstractTextDto }) abstract: LocalizedText;
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty() requestedMinutes: number;
  @ApiProperty({ enum: ['en', 'zh'] }) language: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status: SubmissionStatus;
  @ApiProperty({ description: 'Placed into a session (it can no longer be withdrawn)' }) scheduled: boolean;
  @ApiPropertyOptional({ type: String, enum: ['oral', 'poster', null], nullable: true }) presentation: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decisionNote: string | null;
  @ApiProperty({ type: [SubmissionSpeakerDto] }) speakers: SubmissionSpeakerDto[];
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) confirmedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) withdrawnAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** What organisers, reviewers and track chairs see in the list. */
export class StaffSubmissionResponseDto extends SubmissionResponseDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Mean of the reviews (each the mean of its criteria)' }) meanScore: number | null;
  @ApiProperty() reviewCount: number;
}

export class ReviewResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) submissionId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 5 }, description: 'Criterion → score 1–5' }) scores: Record<string, number>;
  @ApiProperty({ description: 'Mean of the scores' }) overall: number;
  @ApiPropertyOptional({ type: String, nullable: true }) comment: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class PlaceTalkDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() submissionId: string;
  @ApiProperty({ format: 'uuid', description: 'A talk or lecture segment of the session' }) @IsUUID() segmentId: string;
}

export class MoveTalkDto {
  @ApiProperty({ format: 'uuid', description: 'Another talk or lecture segment of the same session' }) @IsUUID() segmentId: string;
}

export class TalkResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) segmentId: string;
  @ApiProperty({ format: 'uuid' }) submissionId: string;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ type: [String], description: 'Speaker profile ids (speakers table)' }) speakerIds: string[];
}
