import { NotificationsWorker } from '../../src/notifications/notifications.worker.js';
import { forbiddenTransitions, type SubmissionAction, type SubmissionStatus } from '../../src/submissions/submission-state.js';
import { setupEdition } from '../factories/edition.js';
import { grant, makeEdition, makeUser, TEST_PASSWORD, type TestUser } from '../factories/index.js';
import { closedCfp, makeRoom, makeSession, makeTrack, openCfp, startSmtp, submissionBody, submit } from '../factories/submissions.js';
import type { TestApp } from '../setup/test-app.js';

const HOSTILE = '<script>alert("pwned")</script> Five-minute CAR-T';

describe('speakers, the call for submissions, review, decisions and placing talks', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: TestUser;
  let organiser: TestUser;
  let chairL: TestUser;
  let chairY: TestUser;
  let reviewer1: TestUser;
  let reviewer2: TestUser;
  let event: { id: string };
  let leukemia: string;
  let lymphoma: string;
  let roomId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    const setup = await setupEdition({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Congress <no-reply@congress.example>' }, edition: openCfp() });
    ({ t, admin } = setup);
    event = { id: setup.eventId };
    roomId = setup.room.id;
    leukemia = await makeTrack(t, event.id, 'LEU', 'Leukemia');
    lymphoma = await makeTrack(t, event.id, 'LYM', 'Lymphoma');
    [organiser, chairL, chairY, reviewer1, reviewer2] = await Promise.all(['org', 'chair-l', 'chair-y', 'rev1', 'rev2'].map((p) => makeUser(t, p)));
    await grant(t, admin, event.id, organiser, 'organiser');
    await grant(t, admin, event.id, chairL, 'track_chair', [leukemia]);
    await grant(t, admin, event.id, chairY, 'track_chair', [lymphoma]);
    await grant(t, admin, event.id, reviewer1, 'reviewer');
    await grant(t, admin, event.id, reviewer2, 'reviewer');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const api = () => t.http();
  const scores = (n: number, m = n, k = n) => ({ scores: { novelty: n, clinical_relevance: m, strength_of_evidence: k } });

  it('keeps a speaker profile, validates it, and never shows an email', async () => {
    const speaker = await makeUser(t, 'profile');
    await api().get('/api/v1/speakers/me').set(speaker.auth).expect(404);
    const body = {
      name: { zh: '马军', en: 'Jun Ma' },
      honorific: 'Prof.',
      titles: [{ en: 'Chief Physician', zh: '主任医师' }],
      affiliations: [{ en: 'Harbin Institute of Hematology and Oncology' }],
      country: 'CN',
      bio: { en: 'Haematologist.' },
      photoUrl: 'https://example.org/ma.jpg',
      orcid: '0000-0002-1825-0097',
    };
    const put = await api().put('/api/v1/speakers/me').set(speaker.auth).send(body).expect(200);
    expect(put.body).toMatchObject({ ...body });
    expect(JSON.stringify(put.body)).not.toContain(speaker.email);
    const again = await api().put('/api/v1/speakers/me').set(speaker.auth).send({ ...body, country: 'SG' }).expect(200);
    expect(again.body.id).toBe(put.body.id);
    expect((await api().get('/api/v1/speakers/me').set(speaker.auth).expect(200)).body.country).toBe('SG');
    for (const [patch, field] of [
      [{ country: 'XX' }, 'country'],
      [{ orcid: '0000-0002-1825-0098' }, 'orcid'],
      [{ photoUrl: 'javascript:alert(1)' }, 'photoUrl'],
      [{ name: {} }, 'name'],
    ] as const) {
      const res = await api().put('/api/v1/speakers/me').set(speaker.auth).send({ ...body, ...patch }).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('has default call settings that organisers may change, within the young-physician limit', async () => {
    const cfp = await api().get(`/api/v1/events/${event.id}/cfp`).expect(200);
    expect(cfp.body).toMatchObject({ open: true, custom: false, scoreMin: 1, scoreMax: 5 });
    expect(cfp.body.criteria.map((c: { key: string }) => c.key)).toEqual(['novelty', 'clinical_relevance', 'strength_of_evidence']);
    expect(cfp.body.types.find((x: { type: string }) => x.type === 'young_physician_talk')).toMatchObject({ maxMinutes: 5 });

    const other = await makeEdition(t, admin, openCfp());
    const owner = admin;
    const bad = await api().put(`/api/v1/events/${other.id}/cfp`).set(owner.auth)
      .send({ types: [{ type: 'young_physician_talk', enabled: true, defaultMinutes: 5, maxMinutes: 6 }] }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await api().put(`/api/v1/events/${other.id}/cfp`).set(reviewer1.auth).send({}).expect(403);
    const ok = await api().put(`/api/v1/events/${other.id}/cfp`).set(owner.auth)
      .send({ types: [{ type: 'lecture', enabled: false, defaultMinutes: 30, maxMinutes: 40 }], criteria: [{ key: 'originality', label: { en: 'Originality' } }] })
      .expect(200);
    expect(ok.body).toMatchObject({ custom: true, criteria: [{ key: 'originality' }] });
    const speaker = await makeUser(t);
    const refused = await api().post(`/api/v1/events/${other.id}/submissions`).set(speaker.auth).send(submissionBody({ type: 'lecture' })).expect(400);
    expect(refused.body.details[0].field).toBe('type');
  });

  it('walks the whole flow: submit, two reviews, a track chair accepts, the speaker confirms, an organiser places it, mail arrives', async () => {
    const speaker = await makeUser(t, 'speaker', 'Li Wei 李伟');
    const co = await makeUser(t, 'co');
    const inviteeEmail = `invitee-${Date.now()}@test.example`;
    const stranger = await makeUser(t, 'stranger');
    await api().put('/api/v1/speakers/me').set(speaker.auth).send({ name: { en: 'Wei Li', zh: '李伟' }, country: 'CN' }).expect(200);

    // Six minutes is over a young-physician talk's maximum.
    const tooLong = await api().post(`/api/v1/events/${event.id}/submissions`).set(speaker.auth)
      .send(submissionBody({ type: 'young_physician_talk', requestedMinutes: 6 })).expect(400);
    expect(tooLong.body.details[0].field).toBe('requestedMinutes');

    const draft = await api().post(`/api/v1/events/${event.id}/submissions`).set(speaker.auth)
      .send(submissionBody({ type: 'young_physician_talk', trackId: leukemia, title: { en: 'Draft title' }, coSpeakers: [{ userId: co.id }, { email: inviteeEmail }] }))
      .expect(201);
    expect(draft.body).toMatchObject({ status: 'draft', requestedMinutes: 5, scheduled: false });
    expect(draft.body.speakers).toEqual([
      expect.objectContaining({ userId: speaker.id, isPrimary: true }),
      expect.objectContaining({ userId: co.id, isPrimary: false }),
      expect.objectContaining({ userId: null, email: inviteeEmail }),
    ]);
    const id = draft.body.id;
    await api().patch(`/api/v1/submissions/${id}`).set(speaker.auth).send({ title: { en: HOSTILE } }).expect(200);
    const abstract = await api().patch(`/api/v1/submissions/${id}`).set(speaker.auth).send({ abstract: { en: 'too short' } }).expect(400);
    expect(abstract.body.details[0].field).toContain('abstract');

    // Drafts are private to their speakers; nobody on the staff sees them.
    const staffBefore = await api().get(`/api/v1/events/${event.id}/submissions`).set(organiser.auth).expect(200);
    expect(staffBefore.body.items.map((s: { id: string }) => s.id)).not.toContain(id);

    const submitted = await api().post(`/api/v1/submissions/${id}/submit`).set(co.auth).expect(200);
    expect(submitted.body.status).toBe('submitted');

    // A stranger learns nothing of it; co-speakers and the invitee (once registered) see it.
    await api().get(`/api/v1/submissions/${id}`).set(stranger.auth).expect(404);
    await api().patch(`/api/v1/submissions/${id}`).set(stranger.auth).send({ keywords: [] }).expect(404);
    await api().post(`/api/v1/submissions/${id}/withdraw`).set(stranger.auth).expect(404);
    await api().get(`/api/v1/submissions/${id}`).set(co.auth).expect(200);
    const reg = await api().post('/api/v1/auth/register').send({ email: inviteeEmail, password: TEST_PASSWORD, name: 'Invitee' }).expect(201);
    const mine = await api().get(`/api/v1/events/${event.id}/submissions/mine`).set({ Authorization: `Bearer ${reg.body.accessToken}` }).expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([id]);

    // Two reviewers score; a second POST revises (one review per reviewer: the UNIQUE constraint).
    const r1 = await api().post(`/api/v1/submissions/${id}/reviews`).set(reviewer1.auth).send({ ...scores(2), comment: 'first look' }).expect(201);
    expect(r1.body.overall).toBe(2);
    await api().post(`/api/v1/submissions/${id}/reviews`).set(reviewer1.auth).send({ ...scores(4, 4, 5), comment: 'revised' }).expect(201);
    await api().post(`/api/v1/submissions/${id}/reviews`).set(reviewer2.auth).send(scores(5)).expect(201);
    const bad = await api().post(`/api/v1/submissions/${id}/reviews`).set(reviewer2.auth).send({ scores: { novelty: 6, clinical_relevance: 3 } }).expect(400);
    expect(bad.body.details[0].field).toBe('scores');
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM reviews WHERE submission_id = $1`, [id]);
    expect(count).toBe(2);
    await expect(
      t.db.query(`INSERT INTO reviews (event_id, submission_id, reviewer_id, scores, overall) VALUES ($1, $2, $3, '{}', 3)`, [event.id, id, reviewer2.id]),
    ).rejects.toThrow(/reviews_submission_reviewer_key/);

    // Organisers list it with the mean score; a chair of another track does not see it.
    const list = await api().get(`/api/v1/events/${event.id}/submissions?trackId=${leukemia}&type=young_physician_talk&status=submitted&sort=-meanScore`).set(organiser.auth).expect(200);
    const item = list.body.items.find((s: { id: string }) => s.id === id);
    expect(item).toMatchObject({ reviewCount: 2, meanScore: 4.667 });
    const other = await api().get(`/api/v1/events/${event.id}/submissions`).set(chairY.auth).expect(200);
    expect(other.body.items.map((s: { id: string }) => s.id)).not.toContain(id);
    const own = await api().get(`/api/v1/events/${event.id}/submissions`).set(chairL.auth).expect(200);
    expect(own.body.items.map((s: { id: string }) => s.id)).toContain(id);
    await api().get(`/api/v1/events/${event.id}/submissions`).set(speaker.auth).expect(403);

    // Speakers never see who reviewed.
    const seen = await api().get(`/api/v1/submissions/${id}`).set(speaker.auth).expect(200);
    expect(JSON.stringify(seen.body)).not.toContain(reviewer1.id);
    expect(seen.body).not.toHaveProperty('reviews');

    // A chair of another track may not decide; the chair of its track accepts.
    expect((await api().post(`/api/v1/submissions/${id}/decision`).set(chairY.auth).send({ decision: 'accept' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await api().post(`/api/v1/submissions/${id}/decision`).set(stranger.auth).send({ decision: 'accept' }).expect(404)).body.code).toBe('NOT_FOUND');
    await t.db.query(`INSERT INTO webhook_endpoints (event_id, url, secret, event_types) VALUES ($1, 'https://hooks.example.org/x', 's', '{submission.decided}')`, [event.id]);
    const accepted = await api().post(`/api/v1/submissions/${id}/decision`).set(chairL.auth).send({ decision: 'accept', note: 'Well done <b>!</b>' }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decisionNote: 'Well done <b>!</b>', reviewCount: 2 });
    const [audit] = await t.db.query(`SELECT actor_id, after->>'status' AS status FROM audit_log WHERE entity_id = $1 AND action = 'submission.decide'`, [id]);
    expect(audit).toEqual({ actor_id: chairL.id, status: 'accepted' });
    const [hook] = await t.db.query(`SELECT payload->'data'->>'decision' AS decision FROM webhook_deliveries WHERE event_type = 'submission.decided' AND payload->'data'->>'submissionId' = $1`, [id]);
    expect(hook).toEqual({ decision: 'accepted' });

    // Content is frozen after the decision; the speaker confirms.
    expect((await api().patch(`/api/v1/submissions/${id}`).set(speaker.auth).send({ keywords: ['x'] }).expect(409)).body.code).toBe('SUBMISSION_FROZEN');
    expect((await api().post(`/api/v1/submissions/${id}/confirm`).set(speaker.auth).expect(200)).body.status).toBe('confirmed');

    // An organiser places it in the young-physician session: 5-minute talk, commentary, discussion.
    const session = await makeSession(t, event.id, {
      kind: 'young_physician', trackId: leukemia, roomId, title: 'Young physicians',
      startsAt: '2025-09-11T01:00:00Z', endsAt: '2025-09-11T01:30:00Z',
      segments: [{ kind: 'talk', minutes: 5 }, { kind: 'commentary', minutes: 3 }, { kind: 'talk', minutes: 5 }, { kind: 'discussion', minutes: 10 }],
    });
    expect((await api().post(`/api/v1/sessions/${session.id}/talks`).set(organiser.auth).send({ submissionId: id, segmentId: session.segments[1] }).expect(409)).body.code).toBe('NOT_A_TALK_SLOT');
    const talk = await api().post(`/api/v1/sessions/${session.id}/talks`).set(organiser.auth).send({ submissionId: id, segmentId: session.segments[2] }).expect(201);
    expect(talk.body).toMatchObject({ sessionId: session.id, startsAt: '2025-09-11T09:08:00.000+08:00', endsAt: '2025-09-11T09:13:00.000+08:00' });
    expect(talk.body.speakerIds).toHaveLength(3);
    const people = await t.db.query(`SELECT sp.user_id FROM session_people p JOIN speakers sp ON sp.id = p.speaker_id WHERE p.session_id = $1 AND p.role = 'speaker' AND p.segment_id = $2`, [session.id, session.segments[2]]);
    expect(people.map((p: { user_id: string }) => p.user_id).sort()).toEqual([speaker.id, co.id, reg.body.user.id].sort());
    expect((await api().get(`/api/v1/submissions/${id}`).set(speaker.auth).expect(200)).body.scheduled).toBe(true);
    // Scheduled: no withdrawal any more.
    expect((await api().post(`/api/v1/submissions/${id}/withdraw`).set(speaker.auth).expect(409)).body.code).toBe('INVALID_TRANSITION');
    // Moved within the session, then back.
    const moved = await api().patch(`/api/v1/sessions/${session.id}/talks/${talk.body.id}`).set(organiser.auth).send({ segmentId: session.segments[0] }).expect(200);
    expect(moved.body.startsAt).toBe('2025-09-11T09:00:00.000+08:00');

    const [row] = await t.db.query(`SELECT session_id, segment_id, submission_id FROM talks WHERE submission_id = $1`, [id]);
    expect(row).toEqual({ session_id: session.id, segment_id: session.segments[0], submission_id: id });
    // The public programme shows the talk in its segment, with its speaker.
    const placed = await api().get(`/api/v1/submissions/${id}`).set(speaker.auth).expect(200);
    const programme = await api().get(`/api/v1/events/${event.id}/programme`).expect(200);
    const segments = programme.body.days.flatMap((d: { sessions: { id: string; segments: { id: string; talk?: unknown }[] }[] }) => d.sessions)
      .find((x: { id: string }) => x.id === session.id).segments;
    const shown = segments.find((g: { id: string }) => g.id === session.segments[0]).talk;
    expect(shown.title.en).toBe(placed.body.title.en);
    expect(shown.speakers.map((p: { name: { en: string } }) => p.name.en)).toContain('Wei Li');
    expect(JSON.stringify(shown)).not.toContain(speaker.email);

    // Every state change wrote to the outbox in its transaction; the worker sends them.
    const outbox = await t.db.query(`SELECT template FROM notification_outbox WHERE user_id = $1 AND payload->>'submissionId' = $2 ORDER BY created_at`, [speaker.id, id]);
    expect(outbox.map((o: { template: string }) => o.template)).toEqual(['submission.submitted', 'submission.accepted', 'submission.scheduled']);
    const result = await t.app.get(NotificationsWorker).flush();
    expect(result.failed).toBe(0);
    const toSpeaker = smtp.mails.filter((m) => m.to.includes(speaker.email));
    expect(toSpeaker.map((m) => m.subject)).toEqual(expect.arrayContaining([`Accepted: ${HOSTILE}`, `Scheduled: ${HOSTILE}`]));
    const acceptedMail = toSpeaker.find((m) => m.subject.startsWith('Accepted'))!;
    expect(acceptedMail.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(acceptedMail.html).toContain('Well done &lt;b&gt;!&lt;/b&gt;');
    expect(acceptedMail.html).not.toContain('<script>');
    const [sent] = await t.db.query(`SELECT count(*)::int AS n FROM notification_outbox WHERE user_id = $1 AND status = 'sent'`, [speaker.id]);
    expect(sent.n).toBe(3);
  });

  it('refuses submissions outside the call window with 409 CFP_CLOSED', async () => {
    const closed = await makeEdition(t, admin, closedCfp());
    const speaker = await makeUser(t);
    const res = await api().post(`/api/v1/events/${closed.id}/submissions`).set(speaker.auth).send(submissionBody()).expect(409);
    expect(res.body.code).toBe('CFP_CLOSED');
    const never = await makeEdition(t, admin);
    expect((await api().post(`/api/v1/events/${never.id}/submissions`).set(speaker.auth).send(submissionBody()).expect(409)).body.code).toBe('CFP_CLOSED');
  });

  it('refuses a reviewer reviewing (or deciding) their own or a co-authored submission', async () => {
    const author = await makeUser(t, 'author');
    await grant(t, admin, event.id, author, 'reviewer');
    const s = await submit(t, event.id, author, { trackId: leukemia, coSpeakers: [{ email: reviewer2.email }] });
    expect((await api().post(`/api/v1/submissions/${s.id}/reviews`).set(author.auth).send(scores(5)).expect(403)).body.code).toBe('OWN_SUBMISSION');
    expect((await api().post(`/api/v1/submissions/${s.id}/reviews`).set(reviewer2.auth).send(scores(5)).expect(403)).body.code).toBe('OWN_SUBMISSION');
    await api().post(`/api/v1/submissions/${s.id}/reviews`).set(reviewer1.auth).send(scores(3)).expect(201);
    // An organiser who is not a reviewer does not review; a chair of another track neither.
    expect((await api().post(`/api/v1/submissions/${s.id}/reviews`).set(organiser.auth).send(scores(3)).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await api().post(`/api/v1/submissions/${s.id}/reviews`).set(chairY.auth).send(scores(3)).expect(403)).body.code).toBe('FORBIDDEN');
    await api().post(`/api/v1/submissions/${s.id}/reviews`).set(chairL.auth).send(scores(3)).expect(201);
  });

  it('refuses a six-minute talk in a five-minute slot, overflow, a long young-physician slot, double booking, and a chair outside their track', async () => {
    const speaker = await makeUser(t, 'six');
    const six = await submit(t, event.id, speaker, { type: 'talk', requestedMinutes: 6, trackId: leukemia });
    await api().post(`/api/v1/submissions/${six.id}/decision`).set(organiser.auth).send({ decision: 'accept' }).expect(200);
    const yp = await makeSession(t, event.id, {
      kind: 'young_physician', trackId: leukemia, roomId, startsAt: '2025-09-12T01:00:00Z', endsAt: '2025-09-12T01:20:00Z',
      segments: [{ kind: 'talk', minutes: 5 }, { kind: 'talk', minutes: 8 }],
    });
    const dur = await api().post(`/api/v1/sessions/${yp.id}/talks`).set(organiser.auth).send({ submissionId: six.id, segmentId: yp.segments[0] }).expect(409);
    expect(dur.body).toMatchObject({ code: 'SLOT_DURATION', details: { requestedMinutes: 6, slotMinutes: 5 } });
    expect((await api().post(`/api/v1/sessions/${yp.id}/talks`).set(organiser.auth).send({ submissionId: six.id, segmentId: yp.segments[1] }).expect(409)).body.code).toBe('SLOT_DURATION');

    const tight = await makeSession(t, event.id, {
      trackId: leukemia, roomId, startsAt: '2025-09-12T02:00:00Z', endsAt: '2025-09-12T02:10:00Z',
      segments: [{ kind: 'talk', minutes: 5 }, { kind: 'talk', minutes: 10 }],
    });
    expect((await api().post(`/api/v1/sessions/${tight.id}/talks`).set(organiser.auth).send({ submissionId: six.id, segmentId: tight.segments[1] }).expect(409)).body.code).toBe('SLOT_OVERFLOW');

    // A chair of another track may not place talks in this track's session.
    expect((await api().post(`/api/v1/sessions/${tight.id}/talks`).set(chairY.auth).send({ submissionId: six.id, segmentId: tight.segments[1] }).expect(403)).body.code).toBe('FORBIDDEN');

    // The speaker already chairs an overlapping session elsewhere.
    const busy = await makeSession(t, event.id, {
      roomId: await makeRoom(t, event.id, 'Hall B'), startsAt: '2025-09-12T03:00:00Z', endsAt: '2025-09-12T04:00:00Z', segments: [{ kind: 'lecture', minutes: 60 }],
    });
    const [profile] = await t.db.query(`INSERT INTO speakers (user_id, name) VALUES ($1, '{"en":"Six"}') RETURNING id`, [speaker.id]);
    await t.db.query(`INSERT INTO session_people (event_id, session_id, speaker_id, role, starts_at, ends_at) VALUES ($1, $2, $3, 'chair', '2025-09-12T03:00:00Z', '2025-09-12T04:00:00Z')`, [event.id, busy.id, profile.id]);
    const clash = await makeSession(t, event.id, {
      trackId: leukemia, roomId, startsAt: '2025-09-12T03:30:00Z', endsAt: '2025-09-12T04:30:00Z', segments: [{ kind: 'talk', minutes: 10 }],
    });
    const booked = await api().post(`/api/v1/sessions/${clash.id}/talks`).set(chairL.auth).send({ submissionId: six.id, segmentId: clash.segments[0] }).expect(409);
    expect(booked.body.code).toBe('SPEAKER_DOUBLE_BOOKED');

    // Placed by the track chair where it fits; then taken out again (it may be withdrawn again).
    const fits = await makeSession(t, event.id, { trackId: leukemia, roomId, startsAt: '2025-09-12T05:00:00Z', endsAt: '2025-09-12T06:00:00Z', segments: [{ kind: 'talk', minutes: 10 }] });
    const talk = await api().post(`/api/v1/sessions/${fits.id}/talks`).set(chairL.auth).send({ submissionId: six.id, segmentId: fits.segments[0] }).expect(201);
    // Placed once only; and a segment holds one talk.
    expect((await api().post(`/api/v1/sessions/${fits.id}/talks`).set(organiser.auth).send({ submissionId: six.id, segmentId: fits.segments[0] }).expect(409)).body.code).toBe('DUPLICATE');
    const another = await submit(t, event.id, await makeUser(t, 'another'), { type: 'talk', trackId: leukemia });
    await api().post(`/api/v1/submissions/${another.id}/decision`).set(organiser.auth).send({ decision: 'accept' }).expect(200);
    expect((await api().post(`/api/v1/sessions/${fits.id}/talks`).set(organiser.auth).send({ submissionId: another.id, segmentId: fits.segments[0] }).expect(409)).body.code).toBe('NOT_A_TALK_SLOT');
    await api().delete(`/api/v1/sessions/${fits.id}/talks/${talk.body.id}`).set(chairY.auth).expect(403);
    await api().delete(`/api/v1/sessions/${fits.id}/talks/${talk.body.id}`).set(chairL.auth).expect(204);
    expect(await t.db.query(`SELECT 1 FROM session_people WHERE session_id = $1`, [fits.id])).toHaveLength(0);
    // A session that moves takes its talks along; deleting it unschedules the submission.
    const again = await api().post(`/api/v1/sessions/${fits.id}/talks`).set(chairL.auth).send({ submissionId: six.id, segmentId: fits.segments[0] }).expect(201);
    await t.db.query(`UPDATE sessions SET starts_at = starts_at + interval '1 hour', ends_at = ends_at + interval '1 hour' WHERE id = $1`, [fits.id]);
    const [movedTalk] = await t.db.query(`SELECT starts_at FROM talks WHERE id = $1`, [again.body.id]);
    expect(movedTalk.starts_at.toISOString()).toBe('2025-09-12T06:00:00.000Z');
    await t.db.query(`DELETE FROM sessions WHERE id = $1`, [fits.id]);
    expect((await api().post(`/api/v1/submissions/${six.id}/withdraw`).set(speaker.auth).expect(200)).body.status).toBe('withdrawn');
  });

  it('refuses every forbidden transition with 409 INVALID_TRANSITION', async () => {
    const speaker = await makeUser(t, 'states');
    const into = async (status: SubmissionStatus): Promise<string> => {
      const s = await submit(t, event.id, speaker, { submit: status !== 'draft', trackId: leukemia });
      const step = (path: string, body?: object, who = speaker) => api().post(`/api/v1/submissions/${s.id}/${path}`).set(who.auth).send(body ?? {}).expect(200);
      if (status === 'accepted' || status === 'confirmed') await step('decision', { decision: 'accept' }, organiser);
      if (status === 'rejected') await step('decision', { decision: 'reject' }, organiser);
      if (status === 'confirmed') await step('confirm');
      if (status === 'withdrawn') await step('withdraw');
      return s.id;
    };
    const run = (id: string, action: SubmissionAction) =>
      action === 'accept' || action === 'reject'
        ? api().post(`/api/v1/submissions/${id}/decision`).set(organiser.auth).send({ decision: action })
        : api().post(`/api/v1/submissions/${id}/${action}`).set(speaker.auth).send({});
    const seen: string[] = [];
    for (const [status, action] of forbiddenTransitions()) {
      const id = await into(status);
      const res = await run(id, action);
      // A draft is invisible to the staff (404); every other refusal is a 409 INVALID_TRANSITION.
      const expected = status === 'draft' && (action === 'accept' || action === 'reject') ? 404 : 409;
      expect({ status, action, code: res.status }).toEqual({ status, action, code: expected });
      if (expected === 409) expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: status, action } });
      const [row] = await t.db.query(`SELECT status FROM submissions WHERE id = $1`, [id]);
      expect(row.status).toBe(status);
      seen.push(`${status}:${action}`);
    }
    expect(seen).toHaveLength(22);
  });

  it('lets only one of two racing decisions win', async () => {
    const speaker = await makeUser(t, 'race');
    const s = await submit(t, event.id, speaker, { trackId: leukemia });
    const [a, b] = await Promise.all([
      api().post(`/api/v1/submissions/${s.id}/decision`).set(organiser.auth).send({ decision: 'accept' }),
      api().post(`/api/v1/submissions/${s.id}/decision`).set(chairL.auth).send({ decision: 'reject' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'submission.decide'`, [s.id]);
    expect(n).toBe(1);
  });

  it('retries failed mail with backoff and marks it failed after the last attempt', async () => {
    const worker = t.app.get(NotificationsWorker);
    await worker.flush();
    const user = await makeUser(t, 'mail');
    await t.db.query(`INSERT INTO notification_outbox (user_id, recipient, template, payload) VALUES ($1, 'not an address', 'submission.submitted', '{}')`, [user.id]);
    const first = await worker.flush();
    expect(first).toMatchObject({ retried: 1, failed: 0 });
    const [row] = await t.db.query(`SELECT status, attempts, last_error, next_attempt_at > now() AS later FROM notification_outbox WHERE user_id = $1`, [user.id]);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, later: true });
    expect(row.last_error).toBeTruthy();
    let now = Date.now();
    for (let i = 0; i < 10; i++) {
      now += 2 * 3600_000;
      await worker.flush(new Date(now));
    }
    const [done] = await t.db.query(`SELECT status, attempts FROM notification_outbox WHERE user_id = $1`, [user.id]);
    expect(done).toEqual({ status: 'failed', attempts: 6 });
  });
});
