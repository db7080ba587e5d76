import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { hashPassword } from '../auth/password.js';
import { EventEntity } from '../events/event.entity.js';
import { DEMO_ACCOUNTS, DEMO_EDITION, UPCOMING_SLUG } from './demo-data.js';

type DemoRole = keyof typeof DEMO_ACCOUNTS;

/** Loads the demo accounts and editions. Idempotent: what exists is left as it is. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async run(now = new Date()): Promise<void> {
    await this.db.transaction(async (em) => {
      // Two processes starting at once must not both seed.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('demo-seed'))`);
      const users = await this.seedAccounts(em);
      const past = await this.seedEdition(em, DEMO_EDITION.slug, 0, users, now);
      const upcoming = await this.seedEdition(em, UPCOMING_SLUG, DateTime.fromJSDate(now).year + 1 - 2025, users, now);
      this.logger.log(`demo editions ready: ${DEMO_EDITION.slug} (${past}), ${UPCOMING_SLUG} (${upcoming})`);
    });
  }

  private async seedAccounts(em: EntityManager): Promise<Record<DemoRole, string>> {
    const ids = {} as Record<DemoRole, string>;
    for (const [role, account] of Object.entries(DEMO_ACCOUNTS) as [DemoRole, (typeof DEMO_ACCOUNTS)[DemoRole]][]) {
      const existing: { id: string }[] = await em.query(`SELECT id FROM users WHERE email = $1`, [account.email]);
      if (existing.length) {
        ids[role] = existing[0].id;
        continue;
      }
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO users (email, password_hash, name, is_admin) VALUES ($1, $2, $3, $4) RETURNING id`,
        [account.email, await hashPassword(account.password), account.name, 'isAdmin' in account && account.isAdmin],
      );
      ids[role] = row.id;
    }
    return ids;
  }

  /**
   * The edition `slug`, `yearsLater` years after the 2025 meeting. The upcoming copy has its call
   * for submissions and its registration open now, so that every flow can be tried.
   */
  private async seedEdition(em: EntityManager, slug: string, yearsLater: number, users: Record<DemoRole, string>, now: Date) {
    const existing = await em.findOne(EventEntity, { where: { slug } });
    if (existing) return existing.id;
    const shift = (iso: string) => DateTime.fromISO(iso, { zone: DEMO_EDITION.timeZone }).plus({ years: yearsLater });
    const startsOn = shift(DEMO_EDITION.startsOn).toISODate()!;
    const endsOn = shift(DEMO_EDITION.endsOn).toISODate()!;
    const upcoming = yearsLater > 0;
    const opening = DateTime.fromJSDate(now).minus({ days: 1 }).startOf('day');
    const event = await em.save(
      em.create(EventEntity, {
        ...DEMO_EDITION,
        slug,
        startsOn,
        endsOn,
        title: upcoming ? { en: `CSCO Annual Meeting ${startsOn.slice(0, 4)} (demo)`, zh: `${startsOn.slice(0, 4)} CSCO学术年会（演示）` } : DEMO_EDITION.title,
        acronym: upcoming ? `CSCO ${startsOn.slice(0, 4)}` : DEMO_EDITION.acronym,
        cfpOpensAt: upcoming ? opening.toJSDate() : new Date(DEMO_EDITION.cfpOpensAt!),
        cfpClosesAt: upcoming ? shift(`${DEMO_EDITION.startsOn}T00:00:00`).minus({ days: 30 }).toJSDate() : new Date(DEMO_EDITION.cfpClosesAt!),
        registrationOpensAt: upcoming ? opening.toJSDate() : new Date(DEMO_EDITION.registrationOpensAt!),
        registrationClosesAt: upcoming ? shift(DEMO_EDITION.registrationClosesAt!).toJSDate() : new Date(DEMO_EDITION.registrationClosesAt!),
        publishedAt: now,
      }),
    );
    await em.query(
      `INSERT INTO event_members (event_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'organiser') ON CONFLICT DO NOTHING`,
      [event.id, users.admin, users.organiser],
    );
    return event.id;
  }
}
