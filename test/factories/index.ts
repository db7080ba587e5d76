import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/auth/password.js';
import type { TestApp } from '../setup/test-app.js';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  auth: { Authorization: string };
}

/** The password of every account the factories make: strong enough for the password policy (src/auth/password-policy.ts). */
export const TEST_PASSWORD = 'tumour-board-rounds-2026';

let counter = 0;
const uniqueEmail = (prefix: string) => `${prefix}-${++counter}-${randomUUID().slice(0, 8)}@test.example`;

/** Registers a user through the API and signs them in. */
export async function makeUser(t: TestApp, prefix = 'user', name = 'Test User 测试'): Promise<TestUser> {
  const email = uniqueEmail(prefix);
  const res = await t.http().post('/api/v1/auth/register').send({ email, password: TEST_PASSWORD, name });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

/** A platform admin, made directly in the database (as the CLI does) and signed in. */
export async function makeAdmin(t: TestApp): Promise<TestUser> {
  const email = uniqueEmail('admin');
  await t.db.query(`INSERT INTO users (email, password_hash, name, is_admin) VALUES ($1, $2, 'Admin', true)`, [
    email,
    await hashPassword(TEST_PASSWORD),
  ]);
  const res = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
  return { id: res.body.user.id, email, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

export function editionBody(overrides: Record<string, unknown> = {}) {
  const slug = `edition-${randomUUID().slice(0, 8)}`;
  return {
    slug,
    title: { en: 'Test Annual Meeting', zh: '测试年会' },
    city: 'Jinan',
    venue: 'Convention Center',
    startsOn: '2025-09-10',
    endsOn: '2025-09-14',
    timeZone: 'Asia/Shanghai',
    format: 'hybrid',
    capacityInPerson: 100,
    capacityOnline: null,
    ...overrides,
  };
}

/** An edition created by `admin` (who becomes its owner); published unless told otherwise. */
export async function makeEdition(t: TestApp, admin: TestUser, overrides: Record<string, unknown> = {}, publish = true) {
  const res = await t.http().post('/api/v1/events').set(admin.auth).send(editionBody(overrides));
  if (res.status !== 201) throw new Error(`create edition failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (publish) await t.http().post(`/api/v1/events/${res.body.id}/publish`).set(admin.auth).expect(200);
  return res.body as { id: string; slug: string; timeZone: string };
}

/** Grants `role` in the edition to `user` (as its owner `admin`). */
export async function grant(t: TestApp, admin: TestUser, eventId: string, user: TestUser, role: string, trackIds?: string[]) {
  const res = await t.http().post(`/api/v1/events/${eventId}/members`).set(admin.auth).send({ userId: user.id, role, ...(trackIds ? { trackIds } : {}) });
  if (res.status !== 201) throw new Error(`grant failed: ${res.status} ${JSON.stringify(res.body)}`);
}
