import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { AccessService } from '../access/access.service.js';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { EventsService } from '../events/events.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { negotiateLang } from '../common/i18n/localized-text.js';
import type { AuthResponseDto, LoginDto, MeResponseDto, RegisterDto, UpdateMeDto } from './auth.dto.js';
import { toUserResponse } from './auth.mapper.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password.js';

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified against when the email is unknown, so both failures take as long. */
  private dummyHash = '';

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly access: AccessService,
    private readonly events: EventsService,
    private readonly throttle: LoginThrottle,
  ) {}

  async onModuleInit() {
    this.dummyHash = await hashPassword('not-a-real-password-just-for-timing');
  }

  /** A new account; its mail language is the one asked for, else the one Accept-Language prefers, else English. */
  async register(dto: RegisterDto, acceptLanguage?: string): Promise<AuthResponseDto> {
    const preferredLanguage = dto.preferredLanguage ?? negotiateLang(acceptLanguage) ?? 'en';
    const user = await this.users.create({ email: dto.email, name: dto.name, passwordHash: await hashPassword(dto.password), preferredLanguage });
    return this.issue(user);
  }

  /**
   * Signs in. `client` is the caller's address (the connection's, or X-Forwarded-For from a trusted
   * proxy): failures are counted per account and client, and past the limit the client waits for the
   * window to end (429 with Retry-After) without the password being checked.
   */
  async login(dto: LoginDto, client: string): Promise<AuthResponseDto> {
    const key = this.throttle.key(dto.email, client);
    const wait = await this.throttle.attempt(key);
    if (wait !== null) throw new DomainError('RATE_LIMITED', `Too many failed sign-ins for this account; retry in ${wait} s`, undefined, wait);
    const user = await this.users.findByEmailWithHash(dto.email);
    const ok = await verifyPassword(user?.passwordHash ?? this.dummyHash, dto.password);
    if (!user || !ok) throw new DomainError('INVALID_CREDENTIALS', 'Wrong email or password');
    await this.throttle.succeeded(key);
    return this.issue(user);
  }

  async me(caller: AuthUser): Promise<MeResponseDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw notFound('User');
    const memberships = await this.access.membershipsOf(caller.id);
    const editions = new Map((await this.events.findEntities(memberships.map((m) => m.eventId))).map((e) => [e.id, e]));
    const rows = memberships
      .filter((m) => editions.has(m.eventId))
      .sort((a, b) => editions.get(b.eventId)!.startsOn.localeCompare(editions.get(a.eventId)!.startsOn) || a.role.localeCompare(b.role));
    return {
      user: toUserResponse(user),
      memberships: rows.map((m) => ({ eventId: m.eventId, eventSlug: editions.get(m.eventId)!.slug, role: m.role, trackIds: m.trackIds })),
    };
  }

  async updateMe(caller: AuthUser, dto: UpdateMeDto): Promise<MeResponseDto> {
    await this.users.updateSettings(caller.id, { ...(dto.preferredLanguage ? { preferredLanguage: dto.preferredLanguage } : {}) });
    return this.me(caller);
  }

  private async issue(user: UserEntity): Promise<AuthResponseDto> {
    const expiresIn = this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn });
    return { accessToken, expiresIn, user: toUserResponse(user) };
  }
}
