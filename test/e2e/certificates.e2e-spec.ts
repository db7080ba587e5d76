import jsQRModule from 'jsqr';
import { Clock } from '../../src/common/clock.js';
import { accreditationBody, logoPng, signatureSvg } from '../factories/cme.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { insertSpeaker } from '../factories/programme-rows.js';
import { makeRoom } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { pdfLines, pdfPageSizes, renderPdfPage } from '../support/pdf.js';

// jsqr is CommonJS with `exports.default`: Node's ESM loader hands over module.exports.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * Issue 18 (and 16.1): the accreditable certificate. Accreditation settings, the bilingual landscape
 * certificate read back as text and as a picture (its QR code decoded), verification equal to the
 * paper, revocation and reissue.
 */
describe('CME certificates an accreditation office accepts', () => {
  let t: TestApp;
  let admin: TestUser;
  let organiser: TestUser;
  let eventId: string;
  const sessions: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://csco.example.org/' });
    admin = await makeAdmin(t);
    organiser = await makeUser(t, 'org');
    const event = await makeEdition(t, admin, { registrationOpensAt: '2020-01-01T00:00:00Z', registrationClosesAt: '2099-01-01T00:00:00Z', capacityInPerson: null });
    eventId = event.id;
    await grant(t, admin, eventId, organiser, 'organiser');
    const room = await makeRoom(t, eventId);
    const [channel] = await t.db.query(`INSERT INTO rooms (event_id, kind, name) VALUES ($1, 'channel', '{"en":"Channel 1"}') RETURNING id`, [eventId]);
    const add = async (key: string, kind: string, format: string, title: object, startsAt: string, endsAt: string) => {
      const [row] = await t.db.query(
        `INSERT INTO sessions (event_id, kind, format, title, starts_at, ends_at, room_id, channel_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [eventId, kind, format, JSON.stringify(title), startsAt, endsAt, format === 'online' ? null : room, format === 'in_person' ? null : channel.id],
      );
      sessions[key] = row.id;
    };
    await add('plenary', 'plenary', 'in_person', { zh: '全体大会：肺癌免疫治疗进展', en: 'Plenary: advances in lung cancer immunotherapy' }, '2025-09-11T01:00:00Z', '2025-09-11T03:00:00Z');
    await add('lecture', 'lecture', 'hybrid', { zh: '乳腺癌专题', en: 'Breast cancer lecture' }, '2025-09-12T01:00:00Z', '2025-09-12T02:30:00Z');
    await add('webinar', 'lecture', 'online', { en: 'Online tumour board' }, '2025-09-13T06:00:00Z', '2025-09-13T07:00:00Z');
    await add('satellite', 'satellite_symposium', 'in_person', { en: 'Industry satellite' }, '2025-09-13T01:00:00Z', '2025-09-13T02:00:00Z');
    // In parallel with the plenary, in another hall: nobody can earn both, so it adds nothing to the maximum.
    const hall2 = await makeRoom(t, eventId);
    await t.db.query(`INSERT INTO sessions (event_id, kind, format, title, starts_at, ends_at, room_id) VALUES ($1, 'lecture', 'in_person', '{"en":"Parallel lecture"}', '2025-09-11T01:00:00Z', '2025-09-11T02:00:00Z', $2)`, [eventId, hall2]);
    await t.http().put(`/api/v1/sessions/${sessions.webinar}/cme`).set(organiser.auth).send({ creditHours: 0.75 }).expect(200);
    await t.http().patch(`/api/v1/events/${eventId}`).set(admin.auth).send({ cmeClaimsCloseAt: '2025-09-20T00:00:00Z' }).expect(200);
  });
  afterEach(() => t.app.get(Clock).set(undefined));
  afterAll(() => t.close());

  /** A registered attendee who attended the given sessions. */
  async function attendee(name: string, mode: 'in_person' | 'online', keys: string[]) {
    const user = await makeUser(t, 'att', name);
    await t.http().post(`/api/v1/events/${eventId}/registrations`).set(user.auth).send({ mode }).expect(201);
    for (const key of keys) {
      await t.db.query(`INSERT INTO cme_attendance (event_id, session_id, user_id, method, recorded_by, claimed_at) VALUES ($1, $2, $3, 'code', $3, now())`, [
        eventId,
        sessions[key],
        user.id,
      ]);
    }
    return user;
  }
  const download = (user: TestUser) => t.http().get(`/api/v1/me/cme/certificate?eventId=${eventId}`).set(user.auth).buffer(true).parse(binary as never);
  const put = (body: object, who = organiser) => t.http().put(`/api/v1/events/${eventId}/cme/accreditation`).set(who.auth).send(body);

  it('accreditation settings: organisers only; images and statement checked with 400 naming the field; maximum credits computed', async () => {
    const stranger = await makeUser(t, 'stranger');
    await put(accreditationBody(), stranger).expect(403);
    await t.http().get(`/api/v1/events/${eventId}/cme/accreditation`).set(organiser.auth).expect(404);
    const field = async (body: object, expected: string) => {
      const res = await put(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details ?? res.body.message)).toContain(expected);
    };
    await field(accreditationBody({ statement: { en: 'No number here' } }), 'statement.en');
    await field(accreditationBody({ activityNumber: '' }), 'activityNumber');
    await field(accreditationBody({ logo: { contentType: 'image/png', data: 'not base64!' } }), 'logo.data');
    await field(accreditationBody({ logo: { contentType: 'image/png', data: Buffer.from('GIF89a not a png').toString('base64') } }), 'logo.data');
    await field(accreditationBody({ logo: { contentType: 'image/gif', data: logoPng() } }), 'contentType');
    const sig = accreditationBody().signatories[0];
    await field(accreditationBody({ signatories: [{ ...sig, signature: { contentType: 'image/svg+xml', data: Buffer.from('<svg nonsense').toString('base64') } }] }), 'signatories.0.signature.data');
    const huge = Buffer.concat([Buffer.from(logoPng(), 'base64'), Buffer.alloc(140 * 1024)]).toString('base64');
    await field(accreditationBody({ signatories: [{ ...sig, signature: { contentType: 'image/png', data: huge } }] }), 'signatories.0.signature.data');
    await field(accreditationBody({ signatories: [sig, sig, sig, sig] }), 'signatories');
    await field(accreditationBody({ signatories: [] }), 'signatories');

    const saved = (await put(accreditationBody()).expect(200)).body;
    // 2 h plenary + 1.5 h lecture + 0.75 h set by hand; the satellite carries none, the parallel lecture cannot add to the plenary.
    expect(saved).toMatchObject({ maxCredits: 4.25, activityNumber: '2025-03-01-017(国)', signatories: [{ position: 1 }, { position: 2 }] });
    expect(saved.printedStatement.zh).toContain('最多授予4.25学分');
    expect(saved.printedStatement.en).toContain('a maximum of 4.25 Class I credits');
    // SVG signatures are stored as PNG (never as SVG).
    const stored = await t.db.query(`SELECT substring(signature from 1 for 4) AS head FROM cme_signatories WHERE event_id = $1`, [eventId]);
    for (const row of stored) expect(Buffer.from(row.head).toString('latin1')).toBe('\x89PNG');
    // Absent logo keeps it; the database refuses an oversized one even past the service.
    await put({ ...accreditationBody(), logo: undefined }).expect(200);
    expect((await t.http().get(`/api/v1/events/${eventId}/cme/accreditation`).set(organiser.auth).expect(200)).body.logoBytes).toBeGreaterThan(100);
    await expect(t.db.query(`UPDATE cme_accreditations SET logo = $2 WHERE event_id = $1`, [eventId, Buffer.alloc(300_000)])).rejects.toThrow(/cme_accreditations_logo_check/);
  });

  it('prints every item on a landscape bilingual page whose QR code opens a verification that matches the paper', async () => {
    await put(accreditationBody()).expect(200);
    const zhang = await attendee('张伟', 'online', ['plenary', 'lecture', 'webinar', 'satellite']);
    t.app.get(Clock).set('2025-09-21T02:00:00Z');
    const res = await download(zhang).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    // Small, although the Chinese font file alone is megabytes: subset per document.
    expect(pdf.length).toBeLessThan(150_000);
    const [[width, height]] = await pdfPageSizes(pdf);
    expect(width).toBeCloseTo(841.89, 1);
    expect(height).toBeCloseTo(595.28, 1);

    const lines = await pdfLines(pdf);
    if (process.env.SHOW_LINES) console.log(lines);
    const text = lines.join('\n');
    const code = /Certificate code: ([A-Z0-9]{12})/.exec(text)![1];
    const url = `https://csco.example.org/api/v1/certificates/${code}`;
    const verified = (await t.http().get(`/api/v1/certificates/${code}`).expect(200)).body;

    // The name as stored, exactly.
    expect(lines).toContain('张伟');
    expect(verified).toMatchObject({ status: 'valid', name: '张伟', nameLines: ['张伟'], totalCredits: 4.25, maxCredits: 4.25, issuedOn: '2025-09-21', verificationUrl: url });
    // Every item of the paper is what verification answers.
    for (const printed of [
      '继续医学教育学分证书',
      'Certificate of Continuing Medical Education Credit',
      '测试年会',
      'Test Annual Meeting',
      `参加了 测试年会（${verified.place}，${verified.dates.zh}）`,
      `attended Test Annual Meeting, ${verified.place}, ${verified.dates.en}`,
      `授予学分类别 Credit category: ${verified.creditCategory.zh} / ${verified.creditCategory.en} · 项目编号 Activity number: ${verified.activityNumber}`,
      `获得学分 Credits awarded: 4.25（最高 maximum 4.25）`,
      '李进 Li Jin',
      '大会主席 Congress President',
      '程颖 Cheng Ying',
    ]) {
      expect(lines).toContain(printed);
    }
    expect(text).toContain(`签发日期 Issued on: ${verified.issuedOn}`);
    expect(verified.place).toBe('Convention Center, Jinan');
    expect(verified.dates).toEqual({ zh: '2025年9月10日至14日', en: '10–14 September 2025' });
    expect(verified.activityNumber).toBe('2025-03-01-017(国)');
    expect(text.replace(/\n/g, '')).toContain(verified.statement.zh);
    expect(text.replace(/\n/g, ' ')).toContain(verified.statement.en);
    expect(text).toContain(`认证机构 Accredited by: ${verified.accreditingBody.zh} / ${verified.accreditingBody.en}`);
    expect(text).toContain(url);
    // Per session: date, title, hours, in person or online (an online registration attends hybrid sessions online).
    expect(verified.sessions).toEqual([
      { date: '2025-09-11', title: { zh: '全体大会：肺癌免疫治疗进展', en: 'Plenary: advances in lung cancer immunotherapy' }, hours: 2, attendance: 'in_person' },
      { date: '2025-09-12', title: { zh: '乳腺癌专题', en: 'Breast cancer lecture' }, hours: 1.5, attendance: 'online' },
      { date: '2025-09-13', title: { en: 'Industry satellite' }, hours: 0, attendance: 'in_person' },
      { date: '2025-09-13', title: { en: 'Online tumour board' }, hours: 0.75, attendance: 'online' },
    ]);
    for (const row of [
      ['2025-09-11', '全体大会：肺癌免疫治疗进展 Plenary: advances in lung cancer immunotherapy', '2', '现场 in person'],
      ['2025-09-12', '乳腺癌专题 Breast cancer lecture', '1.5', '线上 online'],
      ['2025-09-13', 'Online tumour board', '0.75', '线上 online'],
    ]) {
      expect(lines).toContain(row.join(' '));
    }

    // The picture: landscape, ink where the logo and signatures are, and a QR code that decodes to the URL.
    const page = await renderPdfPage(pdf, 1, 2.5);
    expect(page.width).toBeGreaterThan(page.height);
    const qr = jsQR(page.rgba, page.width, page.height);
    expect(qr?.data).toBe(url);
    const inked = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = Math.round(y0 * 2.5); y < y1 * 2.5; y++) for (let x = Math.round(x0 * 2.5); x < x1 * 2.5; x++) if (page.rgba[(y * page.width + x) * 4] < 200) n++;
      return n;
    };
    expect(inked(45, 40, 155, 110)).toBeGreaterThan(500); // the logo, top left (y from the top)
    expect(inked(100, 595 - 110, 240, 595 - 72)).toBeGreaterThan(100); // the first signature

    // A second download prints the same certificate (same code), even after the settings change.
    await put(accreditationBody({ activityNumber: 'CHANGED-1' })).expect(200);
    const again = await pdfLines((await download(zhang).expect(200)).body as Buffer);
    expect(again.join('\n')).toContain(`Certificate code: ${code}`);
    expect(again.join('\n')).toContain('项目编号 Activity number: 2025-03-01-017(国)');
    await put(accreditationBody()).expect(200);
  });

  it('prints both scripts of a profile name; revoke and reissue answer revoked and superseded, one reissue at a time', async () => {
    const wang = await attendee('Fang Wang', 'in_person', ['plenary']);
    await insertSpeaker(t, { zh: '王芳', en: 'Wang Fang' }, wang.id);
    t.app.get(Clock).set('2025-09-22T02:00:00Z');
    const first = await pdfLines((await download(wang).expect(200)).body as Buffer);
    expect(first).toEqual(expect.arrayContaining(['王芳', 'Wang Fang']));
    const code = /Certificate code: ([A-Z0-9]{12})/.exec(first.join('\n'))![1];
    expect((await t.http().get(`/api/v1/certificates/${code.toLowerCase()}`).expect(200)).body).toMatchObject({ status: 'valid', nameLines: ['王芳', 'Wang Fang'], name: '王芳 Wang Fang' });

    // Organisers only; a code of another edition is not found.
    const base = `/api/v1/events/${eventId}/cme/certificates`;
    await t.http().post(`${base}/${code}/reissue`).set(wang.auth).send({ name: { zh: '王 芳' } }).expect(403);
    await t.http().post(`${base}/NOPE00000000/reissue`).set(organiser.auth).send({ name: { zh: '王芳' } }).expect(404);
    expect((await t.http().post(`${base}/${code}/reissue`).set(organiser.auth).send({ name: {} }).expect(400)).body.code).toBe('VALIDATION_FAILED');

    // Two reissues at once: one wins (a new code), the other is refused; the old code answers superseded.
    const both = await Promise.all([
      t.http().post(`${base}/${code}/reissue`).set(organiser.auth).send({ name: { zh: '王芳芳', en: 'Wang Fangfang' } }),
      t.http().post(`${base}/${code}/reissue`).set(organiser.auth).send({ name: { zh: '王芳芳', en: 'Wang Fangfang' } }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('CERTIFICATE_NOT_CURRENT');
    const reissued = both.find((r) => r.status === 201)!.body;
    expect(reissued).toMatchObject({ status: 'valid', nameLines: ['王芳芳', 'Wang Fangfang'] });
    expect(reissued.code).not.toBe(code);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM cme_certificates WHERE event_id = $1 AND user_id = $2 AND status = 'issued'`, [eventId, wang.id]))[0].n).toBe(1);
    const old = (await t.http().get(`/api/v1/certificates/${code}`).expect(200)).body;
    expect(old).toMatchObject({ status: 'superseded', nameLines: ['王芳', 'Wang Fang'] });
    expect(old.withdrawnAt).toBe('2025-09-22T02:00:00.000Z');
    // The attendee now downloads the corrected certificate.
    const corrected = (await pdfLines((await download(wang).expect(200)).body as Buffer)).join('\n');
    expect(corrected).toContain('王芳芳');
    expect(corrected).toContain(`Certificate code: ${reissued.code}`);

    // Revoke: the code answers revoked, the attendee gets no certificate; a second revoke is refused.
    expect((await t.http().post(`${base}/${reissued.code}/revoke`).set(organiser.auth).send({ reason: ' ' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const revoked = (await t.http().post(`${base}/${reissued.code}/revoke`).set(organiser.auth).send({ reason: 'Attendance recorded in error' }).expect(200)).body;
    expect(revoked).toMatchObject({ status: 'revoked', code: reissued.code, withdrawnAt: '2025-09-22T02:00:00.000Z' });
    expect((await t.http().get(`/api/v1/certificates/${reissued.code}`).expect(200)).body.status).toBe('revoked');
    expect((await t.http().get(`/api/v1/me/cme/certificate?eventId=${eventId}`).set(wang.auth).expect(409)).body.code).toBe('CERTIFICATE_REVOKED');
    expect((await t.http().post(`${base}/${reissued.code}/revoke`).set(organiser.auth).send({ reason: 'again' }).expect(409)).body.code).toBe('CERTIFICATE_NOT_CURRENT');
    // A revoked certificate can be reissued (corrected); the database keeps one issued per person.
    const back = (await t.http().post(`${base}/${reissued.code}/reissue`).set(organiser.auth).send({ name: { en: 'Wang Fang' } }).expect(201)).body;
    expect(back).toMatchObject({ status: 'valid', nameLines: ['Wang Fang'] });
    await expect(
      t.db.query(`INSERT INTO cme_certificates (event_id, user_id, code, name, total_hours, issued_at) VALUES ($1, $2, 'DUPLICATE0001', 'x', 1, now())`, [eventId, wang.id]),
    ).rejects.toThrow(/cme_certificates_user_key/);
  });

  it('accepts a signature given as PNG too', async () => {
    const png = { contentType: 'image/png', data: logoPng(60) };
    const body = accreditationBody({ signatories: [{ name: { en: 'Solo Signer' }, title: { en: 'Secretary' }, signature: png }] });
    expect((await put(body).expect(200)).body.signatories).toHaveLength(1);
    expect(signatureSvg()).toMatch(/^[A-Za-z0-9+/=]+$/);
    await put(accreditationBody()).expect(200);
  });
});
