import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { EVENT_ROLES, type EventRole } from '../access/event-role.js';
import { IsAcceptablePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from './password-policy.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'li.wei@example.org' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    example: 'tumour board on tuesday mornings',
    description: `At least ${PASSWORD_MIN_LENGTH} characters (NIST SP 800-63B), not common, guessable or built from the email or name (zxcvbn score ≥ ${PASSWORD_MIN_SCORE})`,
  })
  @IsString()
  @IsAcceptablePassword(['email', 'name'])
  password: string;

  @ApiProperty({ example: '李伟 Li Wei' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ enum: ['en', 'zh'], description: 'The language of the mail this account receives; absent: from Accept-Language (zh when it prefers Chinese), else en' })
  @IsOptional()
  @IsIn(['en', 'zh'], { message: 'preferredLanguage must be "en" or "zh"' })
  preferredLanguage?: 'en' | 'zh';
}

/** What an account changes about itself. */
export class UpdateMeDto {
  @ApiPropertyOptional({ enum: ['en', 'zh'], description: 'The language of the mail this account receives' })
  @IsOptional()
  @IsIn(['en', 'zh'], { message: 'preferredLanguage must be "en" or "zh"' })
  preferredLanguage?: 'en' | 'zh';
}

export class LoginDto {
  @ApiProperty({ example: 'organiser@demo.csco.test' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty({ enum: ['en', 'zh'], description: 'The language of the mail this account receives' }) preferredLanguage: 'en' | 'zh';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuthResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
}

export class MembershipResponseDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventSlug: string;
  @ApiProperty({ enum: EVENT_ROLES }) role: EventRole;
  @ApiProperty({ type: [String] }) trackIds: string[];
}

export class MeResponseDto {
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
  @ApiProperty({ type: [MembershipResponseDto] }) memberships: MembershipResponseDto[];
}
