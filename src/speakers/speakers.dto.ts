import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO31661Alpha2, IsOptional, IsString, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import { IsOrcid } from './orcid.js';
import { HasSomeLanguage, LocalizedLongTextDto, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { PaginationQueryDto } from '../common/pagination/pagination.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export class ListSpeakersQueryDto extends PaginationQueryDto {}

/** A public speaker profile: never an email or an account id. */
export class SpeakerResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiPropertyOptional({ type: String, nullable: true }) honorific: string | null;
  @ApiProperty({ type: [LocalizedTextDto] }) titles: LocalizedText[];
  @ApiProperty({ type: [LocalizedTextDto] }) affiliations: LocalizedText[];
  @ApiPropertyOptional({ type: String, nullable: true }) country: string | null;
  @ApiNullableRef(LocalizedLongTextDto) bio: LocalizedText | null;
  @ApiPropertyOptional({ type: String, nullable: true }) photoUrl: string | null;
}

export class EditionSpeakerResponseDto extends SpeakerResponseDto {
  @ApiProperty({ type: [String], description: 'Roles the person has in the edition' }) roles: string[];
  @ApiProperty({ description: 'Sessions of the edition the person is in' }) sessions: number;
}

/** A short biography: up to 2,000 characters per language. */
export class BioDto implements LocalizedText {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) en?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) zh?: string;
}

/** The caller's own speaker profile (`PUT /speakers/me` replaces it whole). */
export class PutSpeakerProfileDto {
  @ApiProperty({ type: LocalizedTextDto, example: { zh: '马军', en: 'Jun Ma' } })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  name: LocalizedTextDto;

  @ApiPropertyOptional({ type: String, example: 'Prof.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  honorific?: string;

  @ApiPropertyOptional({ type: [LocalizedTextDto], example: [{ en: 'Chief Physician', zh: '主任医师' }] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage({ each: true })
  titles?: LocalizedTextDto[];

  @ApiPropertyOptional({ type: [LocalizedTextDto], description: 'Institutions; the first is the main one' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage({ each: true })
  affiliations?: LocalizedTextDto[];

  @ApiPropertyOptional({ type: String, example: 'CN', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as CN, US, CH' })
  country?: string;

  @ApiPropertyOptional({ type: BioDto, description: 'Short biography (up to 2,000 characters per language)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BioDto)
  @HasSomeLanguage()
  bio?: BioDto;

  @ApiPropertyOptional({ type: String, example: 'https://example.org/photos/ma.jpg' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'photoUrl must be an http(s) URL' })
  @MaxLength(2000)
  photoUrl?: string;

  @ApiPropertyOptional({ example: '0000-0002-1825-0097' })
  @IsOptional()
  @IsOrcid()
  orcid?: string;
}

/** A speaker profile that organisers enter for invited faculty (no account needed): the same fields and rules as one's own. */
export class CreateSpeakerDto extends PutSpeakerProfileDto {}

/** My own profile: the public view plus the ORCID iD (still never an email). */
export class MySpeakerProfileResponseDto extends SpeakerResponseDto {
  @ApiPropertyOptional({ type: String, nullable: true }) orcid: string | null;
}
