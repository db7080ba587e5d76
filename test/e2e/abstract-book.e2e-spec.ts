import { PublicCache } from '../../src/cache/public-cache.service.js';
import { Clock } from '../../src/common/clock.js';
import { grant, makeAdmin, makeEdition, makeUser, type TestUser } from '../factories/index.js';
import { makeRoom, makeSession, makeTrack, openCfp, submit } from '../factories/submissions.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';
import { pdfPages, type PdfLine } from '../support/pdf.js';

/** A long Chinese abstract: it runs over a page, so the book has abstracts on several pages of one track. */
const LONG_ZH = `背景：本研究评估一线免疫治疗联合化疗在晚期非小细胞肺癌中的疗效与安全性。${'方法：多中心随机对照三期临床试验，主要终点为总生存期。结果：联合治疗组总生存期显著延长，安全性可控。'.repeat(40)}结论：该方案可作为新的标准治疗。`;

/**
 * The abstract book: public from the abstracts' release with only the released abstracts (a
 * late-breaking one from its hour, its presenter with it), a draft for organisers at any time;
 * tracks in their order, sessions in programme order; the index's pages are the abstracts' pages,
 * the contents' pages the sessions'; Chinese names come back out of the PDF as stored.
 */
describe('the abstract book', () => {
  let t: TestApp;
  let admin: TestUser;
  let organiser: TestUser;
  let attendee: TestUser;
  let eventId: string;
  const TITLES_AT = '2025-08-01T00:00:00Z';
  const ABSTRACTS_AT = '2025-09-01T00:00:00Z';
  const LBA_AT = '2025-09-11T23:00:00Z'; // 07:00 on 12 September in Shanghai

  const speaker = async (prefix: string, name: { en: string; zh: string }, affiliation: { en: string; zh: string }, disclosure: Record<string, unknown>) => {
    const u = await makeUser(t, prefix, name.en);
    await t.http().put('/api/v1/speakers/me').set(u.auth).send({ name, affiliations: [affiliation], country: 'CN' }).expect(200);
    await t.http().put(`/api/v1/events/${eventId}/disclosures/me`).set(u.auth).send(disclosure).expect(200);
    return u;
  };
  const place = async (author: TestUser, sessionId: string, segmentId: string, body: Record<string, unknown>) => {
    const sub = await submit(t, eventId, author, body);
    await t.http().post(`/api/v1/submissions/${sub.id}/decision`).set(admin.auth).send({ decision: 'accept', presentation: 'oral' }).expect(200);
    await t.http().post(`/api/v1/sessions/${sessionId}/talks`).set(admin.auth).send({ submissionId: sub.id, segmentId }).expect(201);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeAdmin(t);
    organiser = await makeUser(t, 'organiser');
    attendee = await makeUser(t, 'attendee');
    eventId = (
      await makeEdition(t, admin, {
        ...openCfp(),
        title: { en: 'Chinese Oncology Congress', zh: '中国临床肿瘤学年会' },
        titlesReleaseAt: TITLES_AT,
        abstractsReleaseAt: ABSTRACTS_AT,
        lateBreakingReleaseTime: '07:00',
      })
    ).id;
    await grant(t, admin, eventId, organiser, 'organiser');
    // Tracks: Breast first by display order, although its code sorts after Lung's.
    const lung = await makeTrack(t, eventId, 'A-LUNG', 'Lung cancer');
    const breast = await makeTrack(t, eventId, 'Z-BREAST', 'Breast cancer');
    await t.db.query(`UPDATE tracks SET display_order = CASE id WHEN $1 THEN 1 ELSE 2 END WHERE event_id = $2`, [breast, eventId]);
    const room = await makeRoom(t, eventId, 'Hall A');
    const talks = [{ kind: 'talk', minutes: 10 }, { kind: 'talk', minutes: 10 }];
    const lungSession = await makeSession(t, eventId, { trackId: lung, title: 'Lung session Alpha', startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T02:00:00Z', roomId: room, segments: talks });
    const breastLate = await makeSession(t, eventId, { trackId: breast, title: 'Breast session Gamma', startsAt: '2025-09-12T01:00:00Z', endsAt: '2025-09-12T02:00:00Z', roomId: room, segments: talks });
    const breastEarly = await makeSession(t, eventId, { trackId: breast, title: 'Breast session Beta', startsAt: '2025-09-11T06:00:00Z', endsAt: '2025-09-11T07:00:00Z', roomId: room, segments: talks });

    const zhang = await speaker('zhang', { en: 'Zhang Wei', zh: '张伟' }, { en: 'Fudan University Shanghai Cancer Center', zh: '复旦大学附属肿瘤医院' }, { nothingToDisclose: true });
    const li = await speaker('li', { en: 'Li Na', zh: '李娜' }, { en: 'Peking Union Medical College Hospital', zh: '北京协和医院' }, { nothingToDisclose: false, relationships: [{ company: 'Hengrui', kind: 'honoraria' }] });
    const wang = await speaker('wang', { en: 'Wang Fang LBA-PRESENTER', zh: '王芳' }, { en: 'Sun Yat-sen University Cancer Center', zh: '中山大学肿瘤防治中心' }, { nothingToDisclose: true });
    const abstract = (en: string) => ({ en: `Background: ${en}. Methods: a randomised trial of adequate size. Results: longer survival.`, zh: `背景：${en}。方法：多中心随机对照试验，纳入足够样本量的患者。结果：试验组生存期显著延长，安全性良好，未见新的安全信号。` });
    await place(zhang, lungSession.id, lungSession.segments[0], { title: { en: 'Lung abstract One', zh: '肺癌摘要一' }, abstract: { en: abstract('lung one').en, zh: LONG_ZH } });
    await place(li, lungSession.id, lungSession.segments[1], { title: { en: 'Lung abstract Two', zh: '肺癌摘要二' }, abstract: abstract('lung two') });
    await place(zhang, breastEarly.id, breastEarly.segments[0], { title: { en: 'Breast abstract Three', zh: '乳腺癌摘要三' }, abstract: abstract('breast three') });
    await place(li, breastLate.id, breastLate.segments[0], { title: { en: 'Breast abstract Four', zh: '乳腺癌摘要四' }, abstract: abstract('breast four') });
    await place(wang, breastLate.id, breastLate.segments[1], { type: 'late_breaking_abstract', title: { en: 'LBA-SECRET trial', zh: '突破性秘密试验' }, abstract: abstract('secret') });
    await t.app.get(PublicCache).sync();
  });
  afterAll(async () => {
    t.app.get(Clock).set(undefined);
    await t.close();
  });

  /** A request for the book; the PDF is read as bytes (error bodies stay JSON). */
  const get = (query: string, who?: TestUser) => {
    const req = t.http().get(`/api/v1/events/${eventId}/abstract-book.pdf${query}`);
    if (who) req.set(who.auth);
    return req;
  };
  const getPdf = (query: string, who?: TestUser) => {
    return get(query, who).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  };
  const book = async (at: string, query = '?lang=zh', who?: TestUser) => {
    t.app.get(Clock).set(at);
    const res = await getPdf(query, who).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await pdfPages(new Uint8Array(res.body as Buffer));
    return { res, pages, text: pages.flat().map((l) => l.text).join('\n') };
  };
  /** The (1-based) pages on which a line equal to `text` is printed. */
  const pagesOf = (pages: PdfLine[][], text: string) => pages.flatMap((lines, i) => (lines.some((l) => l.text === text) ? [i + 1] : []));

  it('is not public before the abstracts are released; organisers build a draft marked as such', async () => {
    t.app.get(Clock).set('2025-08-15T00:00:00Z');
    const early = await get('?lang=en').expect(409);
    expect(early.body).toMatchObject({ code: 'ABSTRACTS_NOT_RELEASED', details: { releaseAt: '2025-09-01T00:00:00.000Z' } });
    await get('?draft=true').expect(401);
    expect((await get('?draft=true', attendee).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await get('?lang=fr').expect(400)).body.details[0].field).toBe('lang');
    expect((await get('?draft=maybe', organiser).expect(400)).body.details[0].field).toBe('draft');

    const draft = await book('2025-08-15T00:00:00Z', '?lang=en&draft=true', organiser);
    expect(draft.res.headers['cache-control']).toBe('private, no-store');
    for (const page of draft.pages) expect(page.map((l) => l.text)).toContain('DRAFT — not for distribution');
    // Everything placed, embargoed or not, with its presenter.
    expect(draft.text).toContain('LBA-SECRET trial');
    expect(draft.text).toContain('Wang Fang LBA-PRESENTER');
  });

  it('holds the released abstracts only, by track then session in programme order, with contents and an index whose pages are right', async () => {
    const { pages, text, res } = await book(ABSTRACTS_AT, '?lang=zh');
    expect(res.headers['cache-control']).toMatch(/^public/);
    // The Chinese names, titles and affiliations come back out of the PDF as stored.
    for (const s of ['中国临床肿瘤学年会', '论文摘要集', '张伟', '李娜', '复旦大学附属肿瘤医院', '肺癌摘要一', '乳腺癌摘要三']) expect(text).toContain(s);
    expect(pages[0].map((l) => l.text)).toEqual(expect.arrayContaining(['中国临床肿瘤学年会', '论文摘要集']));
    // Not the late-breaking abstract, nor its presenter, before its hour; no draft mark.
    for (const s of ['突破性秘密试验', '王芳', 'LBA-PRESENTER', 'DRAFT']) expect(text).not.toContain(s);

    // Order: Breast (display order 1) before Lung; in each, sessions in programme order.
    const first = (s: string) => pagesOf(pages, s)[0] * 10000 + pages[pagesOf(pages, s)[0] - 1].findIndex((l) => l.text === s);
    const body = ['Breast cancer', 'Breast session Beta', '乳腺癌摘要三', 'Breast session Gamma', '乳腺癌摘要四', 'Lung cancer', 'Lung session Alpha', '肺癌摘要一', '肺癌摘要二'];
    const positions = body.map((s) => pagesOf(pages, s).filter((p) => p > 2).map((p) => p * 10000 + pages[p - 1].findIndex((l) => l.text === s))[0]);
    expect(positions.every((p) => p !== undefined)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(first('目录')).toBe(2 * 10000 + pages[1].findIndex((l) => l.text === '目录'));
    // Type, time and room with each abstract; disclosure statements.
    expect(text).toContain('口头报告摘要 · 口头报告 · 09:00–09:08 · Hall A');
    expect(text).toMatch(/利益冲突声明: 李娜: Honoraria: Hengrui/);
    expect(text).toMatch(/张伟: Nothing to disclose/);

    // The contents: each entry's page is where its heading is printed.
    const toc = pages[1].map((l) => l.text).filter((l) => /\d+$/.test(l) && l !== '2');
    const tocEntries = toc.map((l) => /^(.*?)\s*(\d+)$/.exec(l)!).map((m) => ({ title: m[1], page: Number(m[2]) }));
    expect(tocEntries.map((e) => e.title)).toEqual(['Breast cancer', 'Breast session Beta', 'Breast session Gamma', 'Lung cancer', 'Lung session Alpha']);
    for (const e of tocEntries) expect(pagesOf(pages, e.title)).toContain(e.page);

    // The index: each author's pages are the pages their abstracts start on.
    const indexPage = pages.findIndex((lines) => lines.some((l) => l.text === '作者索引'));
    expect(indexPage).toBe(pages.length - 1);
    const index = Object.fromEntries(
      pages[indexPage]
        .map((l) => /^(.+?)(?: \.)+\s*(\d+(?:, \d+)*)$/.exec(l.text))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2].split(', ').map(Number)]),
    );
    const titlePage = (s: string) => pagesOf(pages, s).filter((p) => p > 2)[0];
    expect(index).toEqual({
      李娜: [titlePage('乳腺癌摘要四'), titlePage('肺癌摘要二')].sort((a, b) => a - b),
      张伟: [titlePage('乳腺癌摘要三'), titlePage('肺癌摘要一')].sort((a, b) => a - b),
    });
    // The long abstract runs over a page: the next abstract of the session starts on a later page.
    expect(titlePage('肺癌摘要二')).toBeGreaterThan(titlePage('肺癌摘要一'));
    // Index sorted by pinyin: Li before Zhang.
    expect(Object.keys(index)).toEqual(['李娜', '张伟']);
  });

  it('is cached per release: the same bytes until the late-breaking abstract is public, which then joins with its presenter', async () => {
    t.app.get(Clock).set('2025-09-05T00:00:00Z');
    const a = await getPdf('?lang=en').expect(200);
    const b = await getPdf('?lang=en').expect(200);
    expect(b.headers.etag).toBe(a.headers.etag);
    await getPdf('?lang=en').set('If-None-Match', a.headers.etag).expect(304);
    // The cached copy (browser and CDN) lives no longer than the next release.
    t.app.get(Clock).set('2025-09-11T22:59:45Z');
    expect((await getPdf('?lang=en').expect(200)).headers['cache-control']).toBe('public, max-age=10, s-maxage=15');

    const released = await book(LBA_AT, '?lang=en');
    expect(released.res.headers.etag).not.toBe(a.headers.etag);
    expect(released.text).toContain('LBA-SECRET trial');
    expect(released.text).toContain('Wang Fang LBA-PRESENTER (Sun Yat-sen University Cancer Center)');
    expect(released.text).toContain('Late-breaking abstract · Oral · 09:10–09:18 · Hall A');
    expect(released.text).toContain('Chinese Oncology Congress');
    expect(released.text).not.toContain('DRAFT');
  });
});
