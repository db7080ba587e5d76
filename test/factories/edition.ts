import { createTestApp, type TestApp } from '../setup/test-app.js';
import { makeAdmin, makeEdition, type TestUser } from './index.js';
import { makeChannel, makeRoom } from './programme.js';

/** An edition of the test app with a room and an online channel, made through the API. */
export interface EditionFixture {
  eventId: string;
  slug: string;
  room: { id: string };
  channel: { id: string };
}

/** The app on its own database, an admin, and the edition most tests of a file read. */
export interface EditionSetup extends EditionFixture {
  t: TestApp;
  /** A platform admin who owns the edition. */
  admin: TestUser;
}

export interface EditionOptions {
  /** The edition's fields over `editionBody()` (2025-09-10…14, Asia/Shanghai, hybrid). */
  edition?: Record<string, unknown>;
  /** Published unless false. */
  publish?: boolean;
  /** Fields of its room and channel over the factories' defaults (`makeRoom`, `makeChannel`). */
  room?: Record<string, unknown>;
  channel?: Record<string, unknown>;
}

/**
 * Another edition in the same app, owned by `admin`: for a test that changes an edition's settings
 * (it must not change the one other tests of its file read).
 */
export async function addEdition(t: TestApp, admin: TestUser, o: EditionOptions = {}): Promise<EditionFixture> {
  const edition = await makeEdition(t, admin, o.edition, o.publish ?? true);
  const room = await makeRoom(t, admin, edition.id, o.room);
  const channel = await makeChannel(t, admin, edition.id, o.channel);
  return { eventId: edition.id, slug: edition.slug, room, channel };
}

/**
 * What the e2e files start from, in their `beforeAll`: the application on a fresh copy of the
 * migrated database (`env` for its configuration), a platform admin, and a published edition
 * (2025-09-10…14, Asia/Shanghai) with one room and one online channel. Close `t` in `afterAll`.
 */
export async function setupEdition(o: EditionOptions & { env?: Record<string, string> } = {}): Promise<EditionSetup> {
  const t = await createTestApp(o.env);
  try {
    const admin = await makeAdmin(t);
    return { t, admin, ...(await addEdition(t, admin, o)) };
  } catch (error) {
    await t.close();
    throw error;
  }
}
