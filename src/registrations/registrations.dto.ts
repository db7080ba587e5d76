import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination/pagination.js';
import { REGISTRATION_MODES, REGISTRATION_STATUSES, type RegistrationMode, type RegistrationStatus } from './registration.entity.js';

/** Named apart from auth's RegisterDto: two classes of one name would share (and garble) one schema. */
@ApiSchema({ name: 'RegistrationRequestDto' })
export class RegisterDto {
  @ApiProperty({ enum: REGISTRATION_MODES, description: 'Attend in person or online' })
  @IsIn(REGISTRATION_MODES)
  mode: RegistrationMode;
}

export class RegistrationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: REGISTRATION_MODES }) mode: RegistrationMode;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiPropertyOptional({ description: 'Place on the waiting list of the mode (1 = next to be promoted); only while waitlisted' })
  waitlistPosition?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the registrant checked in' }) checkedInAt: string | null;
  @ApiProperty() createdAt: string;
}

export class TicketQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'png', 'svg'],
    default: 'json',
    description: '`json`: token and both QR codes as data URLs; `png` or `svg`: the QR code image itself',
  })
  @IsOptional()
  @IsIn(['json', 'png', 'svg'])
  format: 'json' | 'png' | 'svg' = 'json';
}

export class TicketResponseDto {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: REGISTRATION_MODES }) mode: RegistrationMode;
  @ApiProperty({ description: 'The check-in token (43 characters, base64url of 32 random bytes); the QR codes encode exactly this' })
  token: string;
  @ApiProperty({ description: 'QR code as a PNG data URL (data:image/png;base64,…)' }) qrPng: string;
  @ApiProperty({ description: 'QR code as an SVG data URL (data:image/svg+xml;base64,…)' }) qrSvg: string;
}

export class CheckInDto {
  @ApiProperty({ description: 'The token read from the ticket' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token: string;
}

export class CheckInResponseDto {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGISTRATION_MODES }) mode: RegistrationMode;
  @ApiProperty() checkedInAt: string;
}

export class ListRegistrationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: REGISTRATION_MODES }) @IsOptional() @IsIn(REGISTRATION_MODES) mode?: RegistrationMode;
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @IsOptional() @IsIn(REGISTRATION_STATUSES) status?: RegistrationStatus;
  @ApiPropertyOptional({ type: Boolean, description: 'Only those who did (true) or did not (false) check in' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  checkedIn?: boolean;
}

export class RegistrationsExportQueryDto {
  @ApiPropertyOptional({ enum: REGISTRATION_MODES }) @IsOptional() @IsIn(REGISTRATION_MODES) mode?: RegistrationMode;
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @IsOptional() @IsIn(REGISTRATION_STATUSES) status?: RegistrationStatus;
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  checkedIn?: boolean;
}

export class AttendeeRegistrationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: REGISTRATION_MODES }) mode: RegistrationMode;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiPropertyOptional({ type: Number, nullable: true }) waitlistPosition: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) checkedInAt: string | null;
  @ApiProperty() createdAt: string;
}

export class RegistrationCountDto {
  @ApiProperty({ enum: REGISTRATION_MODES }) mode: RegistrationMode;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty() count: number;
}

export class RegistrationPageDto {
  @ApiProperty({ type: [AttendeeRegistrationDto] }) items: AttendeeRegistrationDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [RegistrationCountDto], description: 'Counts by mode and status over the whole edition (filters ignored)' })
  counts: RegistrationCountDto[];
}

export class SeatLimitDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Seats in the session; null = unlimited (no reservation needed)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  limit: number | null;
}

export class SeatLimitResponseDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ nullable: true, type: Number }) limit: number | null;
  @ApiProperty() reserved: number;
  @ApiProperty() waitlisted: number;
}

export class SeatResponseDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ enum: ['reserved', 'waitlisted'] }) status: 'reserved' | 'waitlisted';
  @ApiPropertyOptional() waitlistPosition?: number;
}

export class StreamResponseDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ description: 'The secret stream link of the session\'s channel' }) url: string;
  @ApiPropertyOptional({ type: String, nullable: true }) platform: string | null;
}
