import { createTestApp, type TestApp } from '../setup/test-app.js';
import { makeUser, TEST_PASSWORD } from '../factories/index.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('registers, signs in and tells who the caller is', async () => {
    const reg = await t.http().post('/api/v1/auth/register').send({ email: 'Li.Wei@Example.org', password: TEST_PASSWORD, name: '李伟' }).expect(201);
    expect(reg.body.user).toMatchObject({ email: 'li.wei@example.org', name: '李伟', isAdmin: false });
    expect(reg.body.user).not.toHaveProperty('passwordHash');
    expect(typeof reg.body.accessToken).toBe('string');

    const login = await t.http().post('/api/v1/auth/login').send({ email: 'LI.WEI@example.org', password: TEST_PASSWORD }).expect(200);
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.user.id).toBe(reg.body.user.id);
    expect(me.body.memberships).toEqual([]);

    const [row] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [reg.body.user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a duplicate email regardless of case, also when two race', async () => {
    await t.http().post('/api/v1/auth/register').send({ email: 'dup@example.org', password: TEST_PASSWORD, name: 'A' }).expect(201);
    const again = await t.http().post('/api/v1/auth/register').send({ email: 'DUP@example.org', password: TEST_PASSWORD, name: 'B' }).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'EMAIL_TAKEN' });

    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.http().post('/api/v1/auth/register').send({ email: 'race@example.org', password: TEST_PASSWORD, name: 'R' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM users WHERE lower(email) = 'race@example.org'`);
    expect(count).toBe(1);
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const user = await makeUser(t);
    const wrongPassword = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'not-the-password' }).expect(401);
    const unknownEmail = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: 'password-123' }).expect(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('names each invalid field', async () => {
    const res = await t.http().post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short', name: '' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['email', 'name', 'password']);
  });

  it('refuses trivial and guessable passwords with 400 naming the password field', async () => {
    for (const password of ['password', '12345678', '        ', 'password-123', '123456789012345', 'weak-li-wei@example.org']) {
      const res = await t.http().post('/api/v1/auth/register').send({ email: 'weak-li-wei@example.org', password, name: 'Li Wei' }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'password' }] });
    }
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM users WHERE email = 'weak-li-wei@example.org'`);
    expect(count).toBe(0);
  });

  it('refuses missing, malformed and forged tokens', async () => {
    expect((await t.http().get('/api/v1/auth/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Basic abc').expect(401);
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAifQ.c2lnbmF0dXJl';
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });
});

describe('auth rate limit', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' })));
  afterAll(() => t.close());

  it('answers 429 past the limit, in the error shape', async () => {
    const statuses: number[] = [];
    let last: { body: unknown; headers: Record<string, string> } | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await t.http().post('/api/v1/auth/login').send({ email: 'x@example.org', password: 'whatever-1' });
      statuses.push(res.status);
      last = res;
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(last!.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(last!.headers['retry-after']).toBeDefined();
  });
});
