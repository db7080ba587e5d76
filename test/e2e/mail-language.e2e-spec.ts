import { randomUUID } from 'node:crypto';
import { NotificationsWorker } from '../../src/notifications/notifications.worker.js';
import { makeAdmin, makeEdition, TEST_PASSWORD, type TestUser } from '../factories/index.js';
import { openCfp, startSmtp, submit } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Mail in the reader's language: each account has a preferred language (from Accept-Language at
 * sign-up, or given; changed with PATCH /auth/me), and every notification's subject and body (and
 * the bilingual titles in it) are written in it, as it is when the mail is sent.
 */
describe('mail in the reader language', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: TestUser;
  let eventId: string;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Congress <no-reply@congress.example>' });
    admin = await makeAdmin(t);
    eventId = (await makeEdition(t, admin, { ...openCfp(), title: { en: 'CSCO Annual Meeting', zh: 'CSCO学术年会' } })).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const signUp = async (acceptLanguage: string | undefined, extra: Record<string, unknown> = {}) => {
    const email = `reader-${randomUUID().slice(0, 8)}@test.example`;
    const req = t.http().post('/api/v1/auth/register');
    if (acceptLanguage !== undefined) req.set('Accept-Language', acceptLanguage);
    const res = await req.send({ email, password: TEST_PASSWORD, name: 'Reader 读者', ...extra }).expect(201);
    return { user: { id: res.body.user.id, email, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } } as TestUser, language: res.body.user.preferredLanguage as string };
  };
  const mailsTo = (u: TestUser) => smtp.mails.filter((m) => m.to.includes(u.email));
  const TITLE = { en: 'CAR-T cell therapy in relapsed lymphoma', zh: 'CAR-T细胞治疗复发淋巴瘤' };

  it('takes the language from Accept-Language at sign-up (q-values and regions), unless one is given', async () => {
    expect((await signUp('zh-CN,zh;q=0.9,en;q=0.8')).language).toBe('zh');
    expect((await signUp('zh-TW')).language).toBe('zh');
    expect((await signUp('en-GB,en;q=0.9')).language).toBe('en');
    expect((await signUp('fr-FR, zh;q=0.5, en;q=0.4')).language).toBe('zh');
    expect((await signUp('fr-FR')).language).toBe('en');
    expect((await signUp(undefined)).language).toBe('en');
    expect((await signUp('en-US', { preferredLanguage: 'zh' })).language).toBe('zh');
    const bad = await t.http().post('/api/v1/auth/register').send({ email: `x-${randomUUID()}@test.example`, password: TEST_PASSWORD, name: 'X', preferredLanguage: 'fr' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['preferredLanguage']);
  });

  it('changes the language on the account; a bad value is a 400 naming the field', async () => {
    const { user } = await signUp('en');
    const res = await t.http().patch('/api/v1/auth/me').set(user.auth).send({ preferredLanguage: 'zh' }).expect(200);
    expect(res.body.user.preferredLanguage).toBe('zh');
    expect((await t.http().get('/api/v1/auth/me').set(user.auth).expect(200)).body.user.preferredLanguage).toBe('zh');
    const bad = await t.http().patch('/api/v1/auth/me').set(user.auth).send({ preferredLanguage: 'de' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'preferredLanguage' }] });
    await t.http().patch('/api/v1/auth/me').set(user.auth).send({ email: 'other@test.example' }).expect(400);
    await t.http().patch('/api/v1/auth/me').send({ preferredLanguage: 'en' }).expect(401);
    const [row] = await t.db.query(`SELECT preferred_language FROM users WHERE id = $1`, [user.id]);
    expect(row.preferred_language).toBe('zh');
    // The database refuses any other value too.
    await expect(t.db.query(`UPDATE users SET preferred_language = 'fr' WHERE id = $1`, [user.id])).rejects.toThrow(/users_preferred_language_check/);
  });

  it('writes each notification in its reader language, as it is when the mail is sent', async () => {
    const zh = (await signUp('zh-CN,zh;q=0.9')).user;
    const en = (await signUp('en-US,en;q=0.9')).user;
    const zhSub = await submit(t, eventId, zh, { title: TITLE });
    const enSub = await submit(t, eventId, en, { title: TITLE });
    await t.app.get(NotificationsWorker).flush();
    expect(mailsTo(zh).map((m) => m.subject)).toEqual(['投稿已收到：CAR-T细胞治疗复发淋巴瘤']);
    expect(mailsTo(zh)[0].text).toContain('我们已收到您投给CSCO学术年会的稿件“CAR-T细胞治疗复发淋巴瘤”');
    expect(mailsTo(zh)[0].text).toContain('大会秘书处');
    expect(mailsTo(zh)[0].html).toContain('CSCO学术年会');
    expect(mailsTo(en).map((m) => m.subject)).toEqual(['Submission received: CAR-T cell therapy in relapsed lymphoma']);
    expect(mailsTo(en)[0].text).toContain('We received your submission "CAR-T cell therapy in relapsed lymphoma" to CSCO Annual Meeting.');
    expect(mailsTo(en)[0].text).not.toMatch(/[\u4e00-\u9fff]/);

    // Both readers switch; decisions are written in the new languages.
    await t.http().patch('/api/v1/auth/me').set(zh.auth).send({ preferredLanguage: 'en' }).expect(200);
    await t.http().patch('/api/v1/auth/me').set(en.auth).send({ preferredLanguage: 'zh' }).expect(200);
    await t.http().post(`/api/v1/submissions/${zhSub.id}/decision`).set(admin.auth).send({ decision: 'accept', presentation: 'poster' }).expect(200);
    await t.http().post(`/api/v1/submissions/${enSub.id}/decision`).set(admin.auth).send({ decision: 'reject', note: '名额有限' }).expect(200);
    await t.app.get(NotificationsWorker).flush();
    expect(mailsTo(zh)[1].subject).toBe('Accepted: CAR-T cell therapy in relapsed lymphoma');
    expect(mailsTo(zh)[1].text).toContain('was accepted for poster presentation.');
    expect(mailsTo(en)[1].subject).toBe('投稿评审结果：CAR-T细胞治疗复发淋巴瘤');
    expect(mailsTo(en)[1].text).toContain('很遗憾，您投给CSCO学术年会的稿件“CAR-T细胞治疗复发淋巴瘤”未被录用。委员会意见：名额有限');
  });
});
