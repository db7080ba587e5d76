import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class PutSessionCmeDto {
  @ApiPropertyOptional({ type: Number, nullable: true, example: 1.5, description: 'Credit hours in quarters; null: derived from the length (none for satellites, breaks, ceremonies)' })
  @ValidateIf((_, v) => v !== null)
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(24)
  creditHours: number | null;
}

export class SessionCmeResponseDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ example: 1.5, description: 'The hours a claim earns' }) creditHours: number;
  @ApiProperty({ description: 'True when organisers set the hours; false when derived from the length' }) custom: boolean;
  @ApiProperty({ example: 'K7Q4MZ', description: 'The code attendees enter while the session runs' }) attendanceCode: string;
  @ApiProperty() codeRotatedAt: string;
}

export class ClaimAttendanceDto {
  @ApiPropertyOptional({ description: 'The session’s attendance code (the attendee claims for themselves)', example: 'K7Q4MZ' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;

  @ApiPropertyOptional({ description: 'An attendee’s ticket token, scanned by organisers or session staff' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  ticketToken?: string;
}

export class AttendanceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ['code', 'ticket'] }) method: 'code' | 'ticket';
  @ApiProperty() creditHours: number;
  @ApiProperty() claimedAt: string;
}

export class CmeQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() eventId: string;
}

export class TranscriptSessionDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() creditHours: number;
  @ApiProperty({ enum: ['code', 'ticket'] }) method: string;
  @ApiProperty() claimedAt: string;
}

export class TranscriptResponseDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ type: [TranscriptSessionDto] }) sessions: TranscriptSessionDto[];
  @ApiProperty({ example: 6.5 }) totalHours: number;
  @ApiProperty({ description: 'Claims are closed and the certificate can be downloaded' }) claimsClosed: boolean;
}

export class CertificateVerificationDto {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'The attendee’s name as printed' }) name: string;
  @ApiProperty({ description: 'The edition' }) edition: string;
  @ApiProperty() totalHours: number;
}
