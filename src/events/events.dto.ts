import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { HasSomeLanguage, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { PaginationQueryDto } from '../common/pagination/pagination.js';
import { IsTimeZone } from '../common/validation/is-time-zone.js';
import { EVENT_ROLES, type EventRole } from '../access/event-role.js';
import { DISCLOSURE_POLICIES, EVENT_FORMATS, type DisclosurePolicy, type EventFormat } from './event.entity.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export class CreateEventDto {
  @ApiProperty({ example: 'csco-2025', description: 'Lower-case letters, digits and dashes; unique' })
  @IsString()
  @MaxLength(80)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug may hold lower-case letters, digits and single dashes' })
  slug: string;

  @ApiProperty({ type: LocalizedTextDto })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  title: LocalizedTextDto;

  @ApiPropertyOptional({ type: LocalizedTextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  theme?: LocalizedTextDto;

  @ApiPropertyOptional({ example: 'CSCO 2025' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  acronym?: string;

  @ApiProperty({ example: 'Jinan' })
  @IsString()
  @MaxLength(200)
  city: string;

  @ApiPropertyOptional({ example: 'Shandong International Convention and Exhibition Center' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  venue?: string;

  @ApiProperty({ example: '2025-09-10', description: 'First local day' })
  @IsDateString({ strict: true }, { message: 'startsOn must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn: string;

  @ApiProperty({ example: '2025-09-14', description: 'Last local day (inclusive)' })
  @IsDateString({ strict: true }, { message: 'endsOn must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsTimeZone()
  timeZone: string;

  @ApiProperty({ enum: EVENT_FORMATS })
  @IsIn(EVENT_FORMATS)
  format: EventFormat;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  cfpOpensAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  cfpClosesAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registrationOpensAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registrationClosesAt?: string;

  @ApiPropertyOptional({ type: Number, description: 'In-person seats; null or absent: unlimited', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  capacityInPerson?: number | null;

  @ApiPropertyOptional({ type: Number, description: 'Online places; null or absent: unlimited', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  capacityOnline?: number | null;

  @ApiPropertyOptional({ enum: DISCLOSURE_POLICIES, default: 'flag', description: 'block: refuse content without current conflict-of-interest disclosures; flag: only report them' })
  @IsOptional()
  @IsIn(DISCLOSURE_POLICIES)
  disclosurePolicy?: DisclosurePolicy;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When submission titles become public (absent: with the programme)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  titlesReleaseAt?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When regular abstracts become public (absent: with the programme)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  abstractsReleaseAt?: string | null;

  @ApiPropertyOptional({ example: '07:00', description: 'Local time on the day of its session when a late-breaking abstract becomes public' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'lateBreakingReleaseTime must be HH:MM' })
  lateBreakingReleaseTime?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'CME claims close, and certificates become available' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  cmeClaimsCloseAt?: string | null;
}

export class UpdateEventDto extends PartialType(CreateEventDto) {}

export class ListEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'csco-2025' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  slug?: string;
}

export class EventResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiNullableRef(LocalizedTextDto) theme: LocalizedText | null;
  @ApiPropertyOptional({ type: String, nullable: true }) acronym: string | null;
  @ApiProperty() city: string;
  @ApiPropertyOptional({ type: String, nullable: true }) venue: string | null;
  @ApiProperty({ example: '2025-09-10' }) startsOn: string;
  @ApiProperty({ example: '2025-09-14' }) endsOn: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ enum: EVENT_FORMATS }) format: EventFormat;
  @ApiProperty({ enum: ['draft', 'published'] }) status: 'draft' | 'published';
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Local time with offset' }) publishedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) cfpOpensAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) cfpClosesAt: string | null;
  @ApiProperty() cfpOpen: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) registrationOpensAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) registrationClosesAt: string | null;
  @ApiProperty() registrationOpen: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) capacityInPerson: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) capacityOnline: number | null;
  @ApiProperty({ enum: DISCLOSURE_POLICIES }) disclosurePolicy: DisclosurePolicy;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) titlesReleaseAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) abstractsReleaseAt: string | null;
  @ApiProperty({ example: '07:00' }) lateBreakingReleaseTime: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) cmeClaimsCloseAt: string | null;
}

export class AddMemberDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The user, by id (or give email)' })
  @ValidateIf((o: AddMemberDto) => o.email === undefined)
  @IsUUID('all', { message: 'userId must be a UUID (or give email)' })
  userId?: string;

  @ApiPropertyOptional({ description: 'The user, by email (or give userId)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: EVENT_ROLES })
  @IsIn(EVENT_ROLES)
  role: EventRole;

  @ApiPropertyOptional({ type: [String], description: 'For track chairs: the tracks they chair' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  trackIds?: string[];
}

export class RemoveMemberQueryDto {
  @ApiPropertyOptional({ enum: EVENT_ROLES, description: 'Withdraw one role only (default: all roles)' })
  @IsOptional()
  @IsIn(EVENT_ROLES)
  role?: EventRole;
}

export class MemberResponseDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: EVENT_ROLES }) role: EventRole;
  @ApiProperty({ type: [String] }) trackIds: string[];
  @ApiProperty() since: string;
}
