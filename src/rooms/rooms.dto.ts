import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { HasSomeLanguage, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { ROOM_KINDS, type RoomKind } from './room.entity.js';

export class CreateRoomDto {
  @ApiProperty({ enum: ROOM_KINDS, description: 'room: a physical room in a venue; channel: an online stream' })
  @IsIn(ROOM_KINDS)
  kind: RoomKind;

  @ApiProperty({ type: LocalizedTextDto })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  name: LocalizedTextDto;

  @ApiPropertyOptional({ example: 'Shandong International Convention and Exhibition Center', description: 'Rooms only' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  venue?: string;

  @ApiPropertyOptional({ example: 'Jinan', description: 'Rooms only' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  city?: string;

  @ApiPropertyOptional({ example: 800, description: 'Rooms only: seats' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  capacity?: number;

  @ApiPropertyOptional({ example: 'CSCO Live', description: 'Channels only' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  platform?: string;

  @ApiPropertyOptional({ type: String, example: 'https://live.example.org/ch1', description: 'Channels only; a secret, shown only to organisers here', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUrl({ protocols: ['https', 'http', 'rtmp', 'rtmps'], require_protocol: true })
  @MaxLength(2000)
  streamUrl?: string | null;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  displayOrder?: number;
}

/** The kind of a room or channel is fixed once created. */
export class UpdateRoomDto extends PartialType(OmitType(CreateRoomDto, ['kind'] as const)) {}

/** For organisers only: the stream link is in it. */
export class RoomResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: ROOM_KINDS }) kind: RoomKind;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedText;
  @ApiPropertyOptional({ type: String, nullable: true }) venue: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) city: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) capacity: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) platform: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Secret: organisers only' }) streamUrl: string | null;
  @ApiProperty() displayOrder: number;
}
