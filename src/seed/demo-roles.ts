import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import type { AuthUser } from '../common/auth-user.js';
import type { PutDisclosureDto } from '../disclosures/disclosures.dto.js';
import { DisclosuresService } from '../disclosures/disclosures.service.js';
import { AgendaService } from '../registrations/agenda.service.js';
import type { RegisterDto } from '../registrations/registrations.dto.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import type { PutSpeakerProfileDto } from '../speakers/speakers.dto.js';
import { SpeakersService } from '../speakers/speakers.service.js';
import type { CreateSubmissionDto, DecisionDto, PlaceTalkDto } from '../submissions/submissions.dto.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { TalksService } from '../submissions/talks.service.js';
import { DEMO_ACCOUNTS, UPCOMING_SLUG } from './demo-data.js';

/** What the demo speaker and attendee hold, so that signing in as either shows their side. */
export const DEMO_SPEAKER_TALK_TITLE = { en: 'CAR-T cell therapy in relapsed lymphoma: two-year real-world outcomes', zh: 'CAR-T细胞治疗复发淋巴瘤：两年真实世界结局' };
export const DEMO_SPEAKER_ABSTRACT_TITLE = { en: 'Minimal residual disease after first-line therapy in multiple myeloma', zh: '多发性骨髓瘤一线治疗后的微小残留病' };

/**
 * Gives the demo speaker and attendee the things their roles are about, on the `demo-upcoming`
 * edition (its call and registration are open), through the same services the API uses (so every
 * rule, outbox and audit entry applies): the speaker a bilingual profile, a disclosure, a submitted
 * abstract and an accepted talk placed in the programme; the attendee a confirmed registration
 * (with its ticket) and an agenda of three sessions, one of them the speaker's. Runs after
 * DemoSeeder; each part is skipped when it exists already.
 */
@Injectable()
export class DemoRolesSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly speakers: SpeakersService,
    private readonly disclosures: DisclosuresService,
    private readonly submissions: SubmissionsService,
    private readonly talks: TalksService,
    private readonly registrations: RegistrationsService,
    private readonly agenda: AgendaService,
  ) {}

  async run(): Promise<void> {
    const users: { id: string; email: string; name: string; is_admin: boolean }[] = await this.db.query(
      `SELECT id, email, name, is_admin FROM users WHERE email = ANY ($1)`,
      [[DEMO_ACCOUNTS.organiser.email, DEMO_ACCOUNTS.speaker.email, DEMO_ACCOUNTS.attendee.email]],
    );
    const as = (email: string): AuthUser | undefined => {
      const u = users.find((x) => x.email === email);
      return u && { id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin };
    };
    const organiser = as(DEMO_ACCOUNTS.organiser.email);
    const speaker = as(DEMO_ACCOUNTS.speaker.email);
    const attendee = as(DEMO_ACCOUNTS.attendee.email);
    const [edition]: { id: string }[] = await this.db.query(`SELECT id FROM events WHERE slug = $1`, [UPCOMING_SLUG]);
    if (!organiser || !speaker || !attendee || !edition) return;
    const talkSessionId = await this.seedSpeaker(edition.id, speaker, organiser);
    await this.seedAttendee(edition.id, attendee, talkSessionId);
  }

  private async seedSpeaker(eventId: string, speaker: AuthUser, organiser: AuthUser): Promise<string | undefined> {
    const [profile]: { id: string }[] = await this.db.query(`SELECT id FROM speakers WHERE user_id = $1`, [speaker.id]);
    if (!profile) {
      await this.speakers.putMine(speaker, {
        name: { zh: '陈晓明', en: 'Xiaoming Chen' },
        honorific: 'Dr',
        titles: [{ en: 'Associate Chief Physician, Department of Hematology', zh: '血液科副主任医师' }],
        affiliations: [{ en: 'Shandong Provincial Hospital (demo)', zh: '山东省立医院（演示）' }],
        country: 'CN',
        bio: {
          en: 'Haematologist working on cellular therapy for lymphoma and myeloma. A fictional person of the demo edition.',
          zh: '从事淋巴瘤和骨髓瘤细胞治疗的血液科医生。演示数据中的虚构人物。',
        },
        orcid: '0000-0002-1825-0097',
      } satisfies PutSpeakerProfileDto);
      await this.disclosures.putMine(eventId, speaker, {
        nothingToDisclose: false,
        relationships: [{ company: 'Example Biotech (demo)', kind: 'consulting_advisory', description: 'Advisory board on CAR-T therapies' }],
      } satisfies PutDisclosureDto);
    }
    const existing: { id: string; title: { en?: string }; session_id: string | null }[] = await this.db.query(
      `SELECT s.id, s.title, t.session_id FROM submissions s LEFT JOIN talks t ON t.event_id = s.event_id AND t.submission_id = s.id
        WHERE s.event_id = $1 AND s.created_by = $2`,
      [eventId, speaker.id],
    );
    const placed = existing.find((s) => s.title.en === DEMO_SPEAKER_TALK_TITLE.en);
    if (placed) return placed.session_id ?? undefined;

    await this.submissions.create(
      eventId,
      {
        type: 'oral_abstract',
        title: DEMO_SPEAKER_ABSTRACT_TITLE,
        abstract: {
          en: 'Background: depth of response after first-line therapy predicts outcome. Methods: 212 patients were tested for minimal residual disease at 10^-5. Results: MRD negativity was associated with longer progression-free survival. (Demo data.)',
          zh: '背景：一线治疗后的缓解深度可预测预后。方法：212例患者在10^-5水平检测微小残留病。结果：MRD阴性与更长的无进展生存期相关。（演示数据）',
        },
        keywords: ['multiple myeloma', 'MRD'],
        language: 'en',
        submit: true,
      } satisfies CreateSubmissionDto,
      speaker,
    );
    const talk = await this.submissions.create(
      eventId,
      {
        type: 'talk',
        title: DEMO_SPEAKER_TALK_TITLE,
        abstract: {
          en: 'Two-year outcomes of 148 patients with relapsed or refractory large B-cell lymphoma treated with CAR-T cells outside trials: response, toxicity and what predicted durable remission. (Demo data.)',
          zh: '148例复发/难治性大B细胞淋巴瘤患者在临床试验外接受CAR-T细胞治疗的两年结局：缓解、毒性及持久缓解的预测因素。（演示数据）',
        },
        keywords: ['CAR-T', 'lymphoma'],
        requestedMinutes: 10,
        language: 'en',
        submit: true,
      } satisfies CreateSubmissionDto,
      speaker,
    );
    await this.submissions.decide(talk.id, { decision: 'accept', note: 'Accepted for the lymphoma session.' } satisfies DecisionDto, organiser);
    // A talk segment of the edition that no one holds yet: the demo programme gives each talk a
    // speaker, so the first 10-minute talk segment of the lymphoma track is freed for this talk.
    const [segment]: { id: string; session_id: string }[] = await this.db.query(
      `SELECT g.id, g.session_id FROM session_segments g JOIN sessions s ON s.event_id = g.event_id AND s.id = g.session_id
         LEFT JOIN tracks t ON t.event_id = s.event_id AND t.id = s.track_id
        WHERE g.event_id = $1 AND g.kind = 'talk' AND g.duration_minutes >= 10
          AND NOT EXISTS (SELECT 1 FROM talks k WHERE k.event_id = g.event_id AND k.segment_id = g.id)
        ORDER BY (t.code = 'LYM') DESC NULLS LAST, s.starts_at, g.position LIMIT 1`,
      [eventId],
    );
    if (!segment) return undefined;
    await this.db.query(`DELETE FROM session_people WHERE event_id = $1 AND segment_id = $2 AND role = 'speaker'`, [eventId, segment.id]);
    await this.talks.place(segment.session_id, { submissionId: talk.id, segmentId: segment.id } satisfies PlaceTalkDto, organiser, await this.access.accessTo(organiser, eventId));
    this.logger.debug(`demo speaker: profile, disclosure, a submitted abstract and a placed talk in ${UPCOMING_SLUG}`);
    return segment.session_id;
  }

  private async seedAttendee(eventId: string, attendee: AuthUser, talkSessionId: string | undefined) {
    const [registered]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND user_id = $2`, [eventId, attendee.id]);
    if (registered.n === 0) await this.registrations.register(eventId, attendee, { mode: 'in_person' } satisfies RegisterDto);
    const [items]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM agenda_items WHERE event_id = $1 AND user_id = $2`, [eventId, attendee.id]);
    if (items.n > 0) return;
    // The speaker's session and two more of the first full day: the opening forum and a lecture.
    const sessions: { id: string }[] = await this.db.query(
      `SELECT id FROM sessions WHERE event_id = $1 AND kind IN ('forum', 'lecture', 'ceremony')
        ORDER BY starts_at, id LIMIT 2`,
      [eventId],
    );
    for (const id of [...(talkSessionId ? [talkSessionId] : []), ...sessions.map((s) => s.id)]) await this.agenda.add(id, attendee);
    this.logger.debug(`demo attendee: a confirmed registration with its ticket and ${sessions.length + (talkSessionId ? 1 : 0)} sessions in the agenda`);
  }
}
