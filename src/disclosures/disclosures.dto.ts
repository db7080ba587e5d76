import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { RELATIONSHIP_KINDS, type RelationshipKind } from './disclosure.entity.js';

export class FinancialRelationshipDto {
  @ApiProperty({ example: 'Acme Pharmaceuticals' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  company: string;

  @ApiProperty({ enum: RELATIONSHIP_KINDS })
  @IsIn(RELATIONSHIP_KINDS)
  kind: RelationshipKind;

  @ApiPropertyOptional({ example: 'Advisory board on CAR-T therapies' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class PutDisclosureDto {
  @ApiProperty({ description: 'true: "nothing to disclose" (then relationships must be empty)' })
  @IsBoolean()
  nothingToDisclose: boolean;

  @ApiPropertyOptional({ type: [FinancialRelationshipDto], description: 'Relationships of the past twelve months' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FinancialRelationshipDto)
  relationships?: FinancialRelationshipDto[];
}

export class DisclosureResponseDto {
  @ApiProperty({ format: 'uuid' }) speakerId: string;
  @ApiProperty() nothingToDisclose: boolean;
  @ApiProperty({ type: [FinancialRelationshipDto] }) relationships: FinancialRelationshipDto[];
  @ApiProperty({ example: 'Consulting or advisory role: Acme Pharmaceuticals' }) statement: string;
  @ApiProperty() disclosedAt: string;
  @ApiProperty() validUntil: string;
  @ApiProperty({ description: 'Still valid now' }) current: boolean;
}

export class MissingPersonDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null when the person has no speaker profile yet' }) speakerId: string | null;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiProperty({ type: [String], example: ['chair'] }) roles: string[];
  @ApiProperty({ enum: ['none', 'expired'], description: 'expired: a disclosure exists but is over twelve months old' }) reason: 'none' | 'expired';
}

export class MissingBySessionDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedText;
  @ApiProperty() startsAt: string;
  @ApiProperty({ type: [MissingPersonDto] }) missing: MissingPersonDto[];
}

export class MissingDisclosuresResponseDto {
  @ApiProperty({ enum: ['block', 'flag'] }) policy: 'block' | 'flag';
  @ApiProperty({ type: [MissingBySessionDto] }) sessions: MissingBySessionDto[];
  @ApiProperty({ type: [MissingPersonDto], description: 'Reviewers of the edition without a current disclosure' }) reviewers: MissingPersonDto[];
}
