import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination/pagination.js';
import { ApiNullableRef } from '../common/openapi/nullable.js';

export class ListAuditQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'session' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ example: 'session.update' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string;
}

export class AuditActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiNullableRef(AuditActorDto, { description: 'null: the system' }) actor: AuditActorDto | null;
  @ApiProperty({ example: 'session.update' }) action: string;
  @ApiProperty({ example: 'session' }) entityType: string;
  @ApiProperty({ format: 'uuid' }) entityId: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'The row before the change (null when created)' }) before: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'The row after the change (null when deleted)' }) after: unknown;
  @ApiProperty({ description: 'Local time of the edition, with offset' }) at: string;
}
