import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const reachable = await redisReachable();
if (!reachable) console.warn(`SKIPPED: Redis is not reachable at ${REDIS_URL}; the shared rate-limit test did not run`);

/**
 * Two app instances on one Redis share the rate limit of /auth/login: the attempts made on either
 * count against one budget. The namespace is unique to this run so no other run's counters leak in.
 */
(reachable ? describe : describe.skip)('rate limits shared through Redis', () => {
  const namespace = `test-rl-${randomUUID().slice(0, 8)}:`;
  const env = { REDIS_URL, AUTH_RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_NAMESPACE: namespace, TRUSTED_PROXIES: 'loopback' };
  let a: TestApp;
  let b: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    [a, b, other] = await Promise.all([createTestApp(env), createTestApp(env), createTestApp({ ...env, RATE_LIMIT_NAMESPACE: `${namespace}other:` })]);
  });
  afterAll(async () => {
    await Promise.all([a, b, other].map((x) => x?.close()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${namespace}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('counts attempts on both instances against one budget', async () => {
    // One client address (trusted proxy header), unique to this run.
    const client = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const login = (app: TestApp) =>
      app.http().post('/api/v1/auth/login').set('X-Forwarded-For', client).send({ email: 'nobody@example.org', password: 'wrong-password' });
    const statuses: number[] = [];
    for (const app of [a, b, a, b, a]) statuses.push((await login(app)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The budget of five is spent, whichever instance is asked next.
    const onB = await login(b);
    expect(onB.status).toBe(429);
    expect(onB.body.code).toBe('RATE_LIMITED');
    expect((await login(a)).status).toBe(429);
    // Another namespace keeps its own counters.
    expect((await login(other)).status).toBe(401);
  });
});
