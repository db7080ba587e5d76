import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads `.env` from the working folder (the project folder under `npm start` and `npm run …`) into
 * `process.env`, before anything reads the configuration: the entry points (main.ts, the CLIs)
 * import this module first. Variables already in the environment win over the file. Node's own
 * parser (`process.loadEnvFile`, the same as `node --env-file`) reads it.
 */
export const ENV_FILE = resolve('.env');
export const ENV_FILE_LOADED = existsSync(ENV_FILE);
if (ENV_FILE_LOADED) process.loadEnvFile(ENV_FILE);
