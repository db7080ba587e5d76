import { DEFAULT_JWT_SECRET, validateEnv } from './env.validation.js';

describe('validateEnv', () => {
  it('applies defaults', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.JWT_EXPIRES_IN_SECONDS).toBe(3600);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SHUTDOWN_TIMEOUT_MS).toBe(10000);
    expect(env.METRICS_PORT).toBe(0);
  });

  it('names a wrong variable in one line, with its value and one reason', () => {
    expect(() => validateEnv({ PORT: 'abc' })).toThrow(/^Invalid configuration: PORT="abc" must be a whole number from 0 to 65535\. Fix it in the environment or in \.env/);
    for (const raw of [{ PORT: 'abc' }, { PORT: '-1' }, { PORT: '70000' }, { DATABASE_POOL_SIZE: '0', LOG_LEVEL: 'loud' }]) {
      let message = '';
      try {
        validateEnv(raw);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toContain('\n');
      for (const name of Object.keys(raw)) expect(message.split(name).length).toBe(2); // named once
    }
    expect(() => validateEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL="mysql:\/\/x" must be a postgres/);
    expect(() => validateEnv({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });

  it('makes a random JWT secret per start when none is set, and says so', () => {
    const a = validateEnv({});
    const b = validateEnv({});
    expect(a.JWT_SECRET_GENERATED).toBe(true);
    expect(a.JWT_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(a.JWT_SECRET).not.toBe(b.JWT_SECRET);
    const own = validateEnv({ JWT_SECRET: 'a-real-secret-of-32-characters!!' });
    expect(own).toMatchObject({ JWT_SECRET: 'a-real-secret-of-32-characters!!', JWT_SECRET_GENERATED: false });
  });

  it('refuses the documented example secret in every environment, and a missing one in production', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect(() => validateEnv({ NODE_ENV, JWT_SECRET: DEFAULT_JWT_SECRET })).toThrow(/JWT_SECRET is the example secret/);
    }
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set when NODE_ENV=production/);
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-32-characters!!' }).JWT_SECRET_GENERATED).toBe(false);
  });

  it('parses booleans', () => {
    expect(validateEnv({ SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
    expect(validateEnv({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
  });
});
