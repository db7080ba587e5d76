import { Foundation1795587600000 } from './1795587600000-foundation.js';

/** Every migration in order (listed explicitly: globs built from __dirname break under ESM). */
export const MIGRATIONS = [Foundation1795587600000];
