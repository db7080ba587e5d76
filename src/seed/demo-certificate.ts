import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth-user.js';
import type { PutAccreditationDto } from '../cme/cme.dto.js';
import { CmeService } from '../cme/cme.service.js';
import { DEMO_ACCOUNTS, DEMO_SLUG } from './demo-data.js';

const svg = (body: string, width: number, height: number) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`).toString('base64');

/** The demo society's logo: a ribbon in a ring (shapes only, no text, so it needs no font). */
const LOGO = svg(
  `<circle cx="60" cy="60" r="56" fill="#8c1a1f"/><circle cx="60" cy="60" r="46" fill="none" stroke="#f3d9a4" stroke-width="4"/>` +
    `<path d="M60 28 C 44 28, 40 50, 52 62 L 36 92 L 46 94 L 60 70 L 74 94 L 84 92 L 68 62 C 80 50, 76 28, 60 28 Z M60 38 C 68 38, 70 50, 60 58 C 50 50, 52 38, 60 38 Z" fill="#ffffff"/>`,
  120,
  120,
);
const signature = (d: string, colour: string) => svg(`<path d="${d}" stroke="${colour}" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`, 260, 68);

/** The demo edition's accreditation: every item a certificate prints. */
export const DEMO_ACCREDITATION: PutAccreditationDto = {
  accreditingBody: { zh: '国家卫生健康委员会继续医学教育委员会（演示）', en: 'National Continuing Medical Education Committee (demo)' },
  provider: { zh: '中国临床肿瘤学会', en: 'Chinese Society of Clinical Oncology (CSCO)' },
  activityNumber: '2025-03-01-017(国)',
  creditCategory: { zh: '国家级继续医学教育项目 I类学分', en: 'National CME Project, Class I credits' },
  statement: {
    zh: '本活动经国家继续医学教育委员会批准为国家级继续医学教育项目，最多授予{credits}学分。',
    en: 'This activity has been approved as a national continuing medical education project and is designated for a maximum of {credits} Class I credits.',
  },
  logo: { contentType: 'image/svg+xml', data: LOGO },
  signatories: [
    {
      name: { zh: '李进', en: 'Li Jin' },
      title: { zh: '大会主席', en: 'Congress President' },
      signature: { contentType: 'image/svg+xml', data: signature('M8 48 C 28 6, 50 66, 76 30 S 118 10, 136 46 S 186 58, 204 20 S 238 32, 252 42', '#1b2a4a') },
    },
    {
      name: { zh: '程颖', en: 'Cheng Ying' },
      title: { zh: '学术委员会主任', en: 'Chair, Scientific Committee' },
      signature: { contentType: 'image/svg+xml', data: signature('M10 40 Q 40 4, 62 38 T 112 36 Q 140 60, 168 22 T 224 34 L 250 30', '#3a1b4a') },
    },
  ],
};

/**
 * The demo attendee's CME certificate in the demo edition (`csco-2025`, past): the edition's
 * accreditation (through `CmeService`, so the images are checked and rasterised as an upload is),
 * claims closed the day after the meeting, and attendance of four sessions of different days and
 * formats (written directly: the sessions ran in 2025, when no claim can be made any more).
 */
@Injectable()
export class DemoCertificateSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cme: CmeService,
  ) {}

  async run(): Promise<void> {
    const [edition]: { id: string; closes: Date | null }[] = await this.db.query(`SELECT id, cme_claims_close_at AS closes FROM events WHERE slug = $1`, [DEMO_SLUG]);
    const users: { id: string; email: string; name: string }[] = await this.db.query(`SELECT id, email, name FROM users WHERE email = ANY($1)`, [
      [DEMO_ACCOUNTS.organiser.email, DEMO_ACCOUNTS.attendee.email],
    ]);
    const organiser = users.find((u) => u.email === DEMO_ACCOUNTS.organiser.email);
    const attendee = users.find((u) => u.email === DEMO_ACCOUNTS.attendee.email);
    if (!edition || !organiser || !attendee) return;
    const [has]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM cme_accreditations WHERE event_id = $1`, [edition.id]);
    if (!has.n) await this.cme.putAccreditation(edition.id, DEMO_ACCREDITATION, { id: organiser.id, email: organiser.email, name: organiser.name, isAdmin: false } as AuthUser);
    if (!edition.closes) await this.db.query(`UPDATE events SET cme_claims_close_at = '2025-09-15T18:00:00+08:00' WHERE id = $1`, [edition.id]);
    // The opening forum, a lecture on day two, a hybrid session on day three and one of the last day.
    const sessions: { id: string }[] = await this.db.query(
      `SELECT DISTINCT ON (starts_at::date) id FROM sessions
        WHERE event_id = $1 AND kind IN ('forum', 'lecture', 'guideline_release', 'plenary') ORDER BY starts_at::date, starts_at, id LIMIT 4`,
      [edition.id],
    );
    for (const s of sessions) {
      await this.db.query(
        `INSERT INTO cme_attendance (event_id, session_id, user_id, method, recorded_by, claimed_at)
         SELECT event_id, id, $2, 'ticket', $3, starts_at + interval '10 minutes' FROM sessions WHERE id = $1
         ON CONFLICT (event_id, session_id, user_id) DO NOTHING`,
        [s.id, attendee.id, organiser.id],
      );
    }
    this.logger.debug(`demo attendee: attendance of ${sessions.length} sessions in ${DEMO_SLUG} and its accreditation, for the CME certificate`);
  }
}
