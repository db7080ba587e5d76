import { ApiNullableRef } from '../common/openapi/nullable.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { HasSomeLanguage, LocalizedLongTextDto, LocalizedTextDto } from '../common/i18n/localized-text.dto.js';
import type { LocalizedText } from '../common/i18n/localized-text.js';

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

export class ImageUploadDto {
  @ApiProperty({ enum: ['image/png', 'image/svg+xml'] })
  @IsIn(['image/png', 'image/svg+xml'])
  contentType: 'image/png' | 'image/svg+xml';

  @ApiProperty({ description: 'The image, base64 (logo at most 256 KB, signature at most 128 KB; SVG is rasterised to PNG on arrival)' })
  @IsString()
  @MaxLength(360_000)
  data: string;
}

export class SignatoryDto {
  @ApiProperty({ type: LocalizedTextDto, example: { zh: '李进', en: 'Li Jin' } })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  name: LocalizedTextDto;

  @ApiProperty({ type: LocalizedTextDto, example: { zh: '大会主席', en: 'Congress President' } })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  title: LocalizedTextDto;

  @ApiProperty({ type: ImageUploadDto })
  @ValidateNested()
  @Type(() => ImageUploadDto)
  signature: ImageUploadDto;
}

const localized = (example: LocalizedText) => ({ type: LocalizedTextDto, example });

export class PutAccreditationDto {
  @ApiProperty(localized({ zh: '国家卫生健康委员会继续医学教育委员会', en: 'National Continuing Medical Education Committee' }))
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  accreditingBody: LocalizedTextDto;

  @ApiProperty(localized({ zh: '中国临床肿瘤学会', en: 'Chinese Society of Clinical Oncology' }))
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  provider: LocalizedTextDto;

  @ApiProperty({ example: '2025-03-01-001(国)', description: 'The activity (project) number the accreditor gave' })
  @IsString()
  @Matches(/^\S.{0,63}$/su, { message: 'activityNumber must be 1 to 64 characters, not starting with a space' })
  activityNumber: string;

  @ApiProperty(localized({ zh: '国家级继续医学教育项目 I类学分', en: 'National CME Project, Class I credits' }))
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  creditCategory: LocalizedTextDto;

  @ApiProperty({
    type: LocalizedLongTextDto,
    description: 'The designation statement per language; `{credits}` is replaced by the maximum credits, computed from the programme',
    example: { zh: '本活动最多授予{credits}学分。', en: 'This activity is designated for a maximum of {credits} credits.' },
  })
  @ValidateNested()
  @Type(() => LocalizedLongTextDto)
  @HasSomeLanguage()
  statement: LocalizedLongTextDto;

  @ApiNullableRef(ImageUploadDto, { required: false, description: 'The edition’s logo; null removes it; absent keeps it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImageUploadDto)
  logo?: ImageUploadDto | null;

  @ApiProperty({ type: [SignatoryDto], description: 'One to three signatories, in print order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => SignatoryDto)
  signatories: SignatoryDto[];
}

export class LocalizedTextResponseDto implements LocalizedText {
  @ApiPropertyOptional() en?: string;
  @ApiPropertyOptional() zh?: string;
}

export class SignatoryResponseDto {
  @ApiProperty() position: number;
  @ApiProperty({ type: LocalizedTextResponseDto }) name: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto }) title: LocalizedText;
  @ApiProperty({ description: 'Size of the stored signature (PNG), bytes' }) signatureBytes: number;
}

export class AccreditationResponseDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ type: LocalizedTextResponseDto }) accreditingBody: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto }) provider: LocalizedText;
  @ApiProperty() activityNumber: string;
  @ApiProperty({ type: LocalizedTextResponseDto }) creditCategory: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto, description: 'The templates as stored' }) statement: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto, description: 'The statement as printed, with the maximum credits' }) printedStatement: LocalizedText;
  @ApiProperty({ description: 'The most credits one attendee can earn: the heaviest set of the edition’s sessions that do not overlap (computed, never typed in)' }) maxCredits: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Size of the stored logo (PNG), bytes' }) logoBytes: number | null;
  @ApiProperty({ type: [SignatoryResponseDto] }) signatories: SignatoryResponseDto[];
}

export class CertificateNameDto {
  @ApiProperty({ type: LocalizedTextDto, example: { zh: '张伟', en: 'Zhang Wei' }, description: 'The corrected name; both scripts print when both are given' })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  @HasSomeLanguage()
  name: LocalizedTextDto;
}

export class RevokeCertificateDto {
  @ApiProperty({ example: 'Attendance recorded in error' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason: string;
}

export class PrintedSessionDto {
  @ApiProperty({ example: '2025-09-11' }) date: string;
  @ApiProperty({ type: LocalizedTextResponseDto }) title: LocalizedText;
  @ApiProperty() hours: number;
  @ApiProperty({ enum: ['in_person', 'online'] }) attendance: 'in_person' | 'online';
}

export class PrintedSignatoryDto {
  @ApiProperty({ type: LocalizedTextResponseDto }) name: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto }) title: LocalizedText;
}

export class CertificateVerificationDto {
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['valid', 'revoked', 'superseded'], description: 'revoked: withdrawn by the organisers; superseded: reissued under a new code (a corrected name)' })
  status: 'valid' | 'revoked' | 'superseded';
  @ApiProperty({ type: String, nullable: true, description: 'When it was revoked or superseded' }) withdrawnAt: string | null;
  @ApiProperty({ description: 'The attendee’s name as printed (the lines joined by a space)' }) name: string;
  @ApiProperty({ type: [String], description: 'The name lines as printed (Chinese first where both scripts are stored)' }) nameLines: string[];
  @ApiProperty({ type: LocalizedTextResponseDto }) edition: LocalizedText;
  @ApiProperty() place: string;
  @ApiProperty({ type: LocalizedTextResponseDto, description: 'The dates as printed' }) dates: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto }) accreditingBody: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto }) provider: LocalizedText;
  @ApiProperty() activityNumber: string;
  @ApiProperty({ type: LocalizedTextResponseDto }) creditCategory: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponseDto }) statement: LocalizedText;
  @ApiProperty() maxCredits: number;
  @ApiProperty({ description: 'The credits awarded (the total printed)' }) totalCredits: number;
  @ApiProperty({ description: 'Same as totalCredits (kept for earlier clients)' }) totalHours: number;
  @ApiProperty({ type: [PrintedSessionDto] }) sessions: PrintedSessionDto[];
  @ApiProperty({ type: [PrintedSignatoryDto] }) signatories: PrintedSignatoryDto[];
  @ApiProperty({ example: '2025-09-20', description: 'The issue date printed (the edition’s local date)' }) issuedOn: string;
  @ApiProperty({ description: 'The absolute URL the QR code holds' }) verificationUrl: string;
}
