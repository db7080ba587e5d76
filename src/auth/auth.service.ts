import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth-user.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AuthResponseDto, LoginDto, MeResponseDto, RegisterDto } from './auth.dto.js';
import { toUserResponse } from './auth.mapper.js';
import { hashPassword, verifyPassword } from './password.js';

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified against when the email is unknown, so both failures take as long. */
  private dummyHash = '';

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onModuleInit() {
    this.dummyHash = await hashPassword('not-a-real-password-just-for-timing');
  }

  async register(dto: RegisterDto): Promise<AuthResponseDto> {
    const user = await this.users.create({ email: dto.email, name: dto.name, passwordHash: await hashPassword(dto.password) });
    return this.issue(user);
  }

  async login(dto: LoginDto): Promise<AuthResponseDto> {
    const user = await this.users.findByEmailWithHash(dto.email);
    const ok = await verifyPassword(user?.passwordHash ?? this.dummyHash, dto.password);
    if (!user || !ok) throw new DomainError('INVALID_CREDENTIALS', 'Wrong email or password');
    return this.issue(user);
  }

  async me(caller: AuthUser): Promise<MeResponseDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw notFound('User');
    const rows: { event_id: string; slug: string; role: MeResponseDto['memberships'][number]['role']; track_ids: string[] }[] =
      await this.db.query(
        `SELECT m.event_id, e.slug, m.role, m.track_ids FROM event_members m JOIN events e ON e.id = m.event_id
          WHERE m.user_id = $1 ORDER BY e.starts_on DESC, m.role`,
        [caller.id],
      );
    return {
      user: toUserResponse(user),
      memberships: rows.map((r) => ({ eventId: r.event_id, eventSlug: r.slug, role: r.role, trackIds: r.track_ids })),
    };
  }

  private async issue(user: UserEntity): Promise<AuthResponseDto> {
    const expiresIn = this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn });
    return { accessToken, expiresIn, user: toUserResponse(user) };
  }
}
