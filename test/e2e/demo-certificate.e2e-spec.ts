import { writeFileSync } from 'node:fs';
import jsQRModule from 'jsqr';
import { Clock } from '../../src/common/clock.js';
import { DEMO_ACCOUNTS } from '../../src/seed/demo-data.js';
import { DEMO_ACCREDITATION } from '../../src/seed/demo-certificate.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { pdfLines, pdfPageSizes, renderPdfPage } from '../support/pdf.js';

const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null;

/**
 * The demo attendee's certificate from the demo edition carries every item of issue 18, and its QR
 * code resolves to a verification that matches the paper. `WRITE_CERTIFICATE_SAMPLE=1` also writes
 * the picture the README shows (docs/certificate-sample.png): `npm run docs:certificate-sample`.
 */
describe('the demo attendee’s CME certificate', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ SEED_DEMO: 'true' })));
  afterAll(() => t.close());

  it('prints every item, and its QR code opens a verification that matches the paper', async () => {
    const { attendee } = DEMO_ACCOUNTS;
    const token = (await t.http().post('/api/v1/auth/login').send({ email: attendee.email, password: attendee.password }).expect(200)).body.accessToken;
    const [edition] = (await t.http().get('/api/v1/events?slug=csco-2025').expect(200)).body.items;
    t.app.get(Clock).set('2025-09-16T02:00:00Z');
    const res = await t
      .http()
      .get(`/api/v1/me/cme/certificate?eventId=${edition.id}`)
      .set({ Authorization: `Bearer ${token}` })
      .buffer(true)
      .parse(((r: NodeJS.ReadableStream, done: (e: Error | null, b: Buffer) => void) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      }) as never)
      .expect(200);
    const pdf = res.body as Buffer;
    const [[width, height]] = await pdfPageSizes(pdf);
    expect(width).toBeGreaterThan(height);
    const lines = await pdfLines(pdf);
    const text = lines.join('\n');
    const code = /Certificate code: ([A-Z0-9]{12})/.exec(text)![1];
    const v = (await t.http().get(`/api/v1/certificates/${code}`).expect(200)).body;
    expect(v).toMatchObject({ status: 'valid', nameLines: [attendee.name], activityNumber: DEMO_ACCREDITATION.activityNumber, issuedOn: '2025-09-16' });
    expect(v.verificationUrl).toBe(`http://localhost:3000/api/v1/certificates/${code}`);
    expect(v.sessions.length).toBe(4);
    expect(new Set(v.sessions.map((s: { date: string }) => s.date)).size).toBe(4);
    expect(v.totalCredits).toBeGreaterThan(0);
    expect(v.maxCredits).toBeGreaterThanOrEqual(v.totalCredits);
    expect(v.signatories).toHaveLength(2);
    // Every item of the paper, as verification answers it.
    for (const item of [
      attendee.name,
      v.edition.zh,
      v.edition.en,
      `参加了 ${v.edition.zh}（${v.place}，${v.dates.zh}）`,
      `attended ${v.edition.en}, ${v.place}, ${v.dates.en}`,
      `获得学分 Credits awarded: ${v.totalCredits}（最高 maximum ${v.maxCredits}）`,
      `${v.signatories[0].name.zh} ${v.signatories[0].name.en}`,
      `${v.signatories[1].title.zh} ${v.signatories[1].title.en}`,
      v.verificationUrl,
    ]) {
      expect(lines).toContain(item);
    }
    for (const item of [v.creditCategory.zh, v.creditCategory.en, v.activityNumber, v.accreditingBody.en, v.provider.zh, `签发日期 Issued on: ${v.issuedOn}`]) expect(text).toContain(item);
    expect(text.replace(/\n/g, '')).toContain(v.statement.zh);
    for (const s of v.sessions) expect(text).toContain(`${s.date} ${s.title.zh ?? s.title.en}`);

    // The picture: landscape, with a QR code that decodes to the verification URL.
    const page = await renderPdfPage(pdf, 1, 2.5);
    expect(page.width).toBeGreaterThan(page.height);
    expect(jsQR(page.rgba, page.width, page.height)?.data).toBe(v.verificationUrl);
    if (process.env.WRITE_CERTIFICATE_SAMPLE) {
      writeFileSync('docs/certificate-sample.png', (await renderPdfPage(pdf, 1, 1.5)).png);
      writeFileSync('docs/certificate-sample.pdf', pdf);
    }
  });
});
