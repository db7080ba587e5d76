import { Body, Controller, Get, Headers, HttpCode, Ip, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiCreatedResponse, ApiHeader, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth-user.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Auth } from '../access/auth.decorator.js';
import { CurrentUser } from '../access/current-user.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import { RateLimited } from '../common/decorators/rate-limited.decorator.js';
import { AuthResponseDto, LoginDto, MeResponseDto, RegisterDto, UpdateMeDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @Public()
  @RateLimited()
  @ApiOperation({ summary: 'Create an account and sign in (its mail language from preferredLanguage, else Accept-Language)' })
  @ApiHeader({ name: 'accept-language', required: false, description: 'The default of preferredLanguage: zh when it prefers Chinese, else en' })
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'EMAIL_TAKEN')
  register(@Body() dto: RegisterDto, @Headers('accept-language') acceptLanguage?: string) {
    return this.auth.register(dto, acceptLanguage);
  }

  @Post('login')
  @Public()
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'RATE_LIMITED')
  login(@Body() dto: LoginDto, @Ip() client: string) {
    return this.auth.login(dto, client);
  }

  @Get('me')
  @Auth()
  @ApiOperation({ summary: 'The caller and their roles in editions' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentUser() me: AuthUser) {
    return this.auth.me(me);
  }

  @Patch('me')
  @Auth()
  @ApiOperation({ summary: "Change the caller's account settings: the language of their mail" })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiErrors('VALIDATION_FAILED')
  updateMe(@Body() dto: UpdateMeDto, @CurrentUser() me: AuthUser) {
    return this.auth.updateMe(me, dto);
  }
}
