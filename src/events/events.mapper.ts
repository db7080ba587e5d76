import { toLocalIso } from '../common/time/local-time.js';
import type { EventResponseDto, MemberResponseDto } from './events.dto.js';
import type { EventEntity } from './event.entity.js';
import type { EventMemberEntity } from '../access/event-member.entity.js';
import type { UserEntity } from '../users/user.entity.js';

const within = (now: Date, from: Date | null, to: Date | null) => !!from && !!to && from <= now && now < to;

export function toEventResponse(e: EventEntity, now = new Date()): EventResponseDto {
  const local = (d: Date | null) => toLocalIso(d, e.timeZone);
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    theme: e.theme,
    acronym: e.acronym,
    city: e.city,
    venue: e.venue,
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    timeZone: e.timeZone,
    format: e.format,
    status: e.publishedAt ? 'published' : 'draft',
    publishedAt: local(e.publishedAt),
    cfpOpensAt: local(e.cfpOpensAt),
    cfpClosesAt: local(e.cfpClosesAt),
    cfpOpen: within(now, e.cfpOpensAt, e.cfpClosesAt),
    registrationOpensAt: local(e.registrationOpensAt),
    registrationClosesAt: local(e.registrationClosesAt),
    registrationOpen: within(now, e.registrationOpensAt, e.registrationClosesAt),
    capacityInPerson: e.capacityInPerson,
    capacityOnline: e.capacityOnline,
    disclosurePolicy: e.disclosurePolicy,
    titlesReleaseAt: local(e.titlesReleaseAt),
    abstractsReleaseAt: local(e.abstractsReleaseAt),
    lateBreakingReleaseTime: e.lateBreakingReleaseTime,
    cmeClaimsCloseAt: local(e.cmeClaimsCloseAt),
  };
}

export const toMemberResponse = (m: EventMemberEntity, u: Pick<UserEntity, 'name' | 'email'>): MemberResponseDto => ({
  userId: m.userId,
  name: u.name,
  email: u.email,
  role: m.role,
  trackIds: m.trackIds,
  since: m.createdAt.toISOString(),
});
