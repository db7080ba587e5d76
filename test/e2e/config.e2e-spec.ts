import { createApp } from '../../src/app.factory.js';

describe('configuration at boot', () => {
  it('refuses to start with a wrong variable, naming it', async () => {
    await expect(createApp({ logger: false, env: { PORT: 'eighty', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' } })).rejects.toThrow(/PORT/);
  });

  it('refuses the default JWT secret in production', async () => {
    await expect(createApp({ logger: false, env: { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' } })).rejects.toThrow(/JWT_SECRET/);
  });
});
