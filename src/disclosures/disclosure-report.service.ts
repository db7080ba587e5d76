import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { toLocalIso } from '../common/time/local-time.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import type { MissingDisclosuresResponseDto, MissingPersonDto } from './disclosures.dto.js';
import { DisclosuresService } from './disclosures.service.js';

/** Orders names the way the database's collation does closely enough for a report (missing names last). */
const byName = (a: string | undefined, b: string | undefined) => (a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b));

/**
 * The organisers' report of who still owes a disclosure. A service of its own because it reads the
 * sessions' people through `SessionsService`, which itself asks `DisclosuresService` before adding
 * people: the rule service cannot depend on sessions without the two importing each other.
 */
@Injectable()
export class DisclosureReportService {
  constructor(
    private readonly disclosures: DisclosuresService,
    private readonly sessions: SessionsService,
    private readonly events: EventsService,
    private readonly access: AccessService,
    private readonly users: UsersService,
  ) {}

  /** Who still owes a disclosure, per session (people in any role) and among reviewers. */
  async missing(eventId: string): Promise<MissingDisclosuresResponseDto> {
    const edition = await this.events.getEntity(eventId);
    const [people, members] = await Promise.all([this.sessions.peopleBySession(eventId), this.access.members(eventId)]);
    const reviewerIds = members.filter((m) => m.role === 'reviewer').map((m) => m.userId);
    const [missingSpeakers, missingReviewers] = await Promise.all([
      this.disclosures.missingAmong(undefined, eventId, { speakerIds: [...new Set(people.map((p) => p.speakerId))] }),
      this.disclosures.missingAmong(undefined, eventId, { userIds: reviewerIds }),
    ]);
    const missingById = new Map(missingSpeakers.map((m) => [m.speakerId, m]));
    const sessions: MissingDisclosuresResponseDto['sessions'] = [];
    for (const s of people) {
      const m = missingById.get(s.speakerId);
      if (!m) continue;
      let entry = sessions.at(-1);
      if (entry?.sessionId !== s.sessionId) sessions.push((entry = { sessionId: s.sessionId, title: s.title, startsAt: toLocalIso(s.startsAt, edition.timeZone)!, missing: [] }));
      entry.missing.push({ speakerId: m.speakerId, name: m.name, roles: s.roles, reason: m.reason });
    }
    for (const s of sessions) s.missing.sort((a, b) => byName(a.name.en, b.name.en));
    const accountNames = new Map((await this.users.findByIds(reviewerIds)).map((u) => [u.id, u.name]));
    const reviewers = missingReviewers
      .sort((a, b) => byName(accountNames.get(a.userId!), accountNames.get(b.userId!)))
      .map((m): MissingPersonDto => ({ speakerId: m.speakerId, name: m.name, roles: ['reviewer'], reason: m.reason }));
    return { policy: edition.disclosurePolicy, sessions, reviewers };
  }
}
