import { DEFAULT_JWT_SECRET, validateEnv } from './env.validation.js';

describe('validateEnv', () => {
  it('applies defaults', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.JWT_EXPIRES_IN_SECONDS).toBe(3600);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names a wrong variable', () => {
    expect(() => validateEnv({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => validateEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => validateEnv({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });

  it('refuses the default JWT secret in production', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-32-characters!!' }).JWT_SECRET).not.toBe(
      DEFAULT_JWT_SECRET,
    );
  });

  it('parses booleans', () => {
    expect(validateEnv({ SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
    expect(validateEnv({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
  });
});
