import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { HasSomeLanguage, LocalizedLongTextDto, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export class CreateTrackDto {
  @ApiProperty({ example: 'LEU', description: 'Short code, unique in the edition (letters, digits, _ and -, up to 16)' })
  @Matches(/^[A-Za-z0-9_-]{1,16}$/, { message: 'code may hold 1 to 16 letters, digits, _ and -' })
  code: string;

  @ApiProperty({ type: LocalizedTextDto })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  name: LocalizedTextDto;

  @ApiPropertyOptional({ type: String, example: '#c0392b', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'colour must be #rrggbb' })
  colour?: string | null;

  @ApiNullableRef(LocalizedTextDto, { description: 'The expert committee that owns the track' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  committee?: LocalizedTextDto | null;

  @ApiNullableRef(LocalizedLongTextDto)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => LocalizedLongTextDto)
  @HasSomeLanguage()
  description?: LocalizedLongTextDto | null;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  displayOrder?: number;
}

export class UpdateTrackDto extends PartialType(CreateTrackDto) {}

export class TrackResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiPropertyOptional({ type: String, nullable: true }) colour: string | null;
  @ApiNullableRef(LocalizedTextDto) committee: LocalizedText | null;
  @ApiNullableRef(LocalizedLongTextDto) description: LocalizedText | null;
  @ApiProperty() displayOrder: number;
}
