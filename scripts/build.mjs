#!/usr/bin/env node
// Builds src/ into an output folder (default dist/) only when the sources changed since its last
// build: `npm start` then starts in seconds. `npm test` and `npm run bench` build into dist-test/,
// so they never touch the dist/ that a running service executes from.
//
//   node scripts/build.mjs [outDir] [--force]
//
// Up to date = the SHA-256 of every input (src/**/*.ts but the specs, the tsconfig files, this
// script) equals the one written into <outDir>/.build-hash by the last successful build. A stale
// folder is rebuilt in place by `tsc --incremental` (a small change compiles in seconds), outputs
// whose source is gone are removed, and the hash is written last.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const force = args.includes('--force');
const outDir = resolve(root, args.find((a) => !a.startsWith('--')) ?? 'dist');
const stampFile = join(outDir, '.build-hash');

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const sources = walk(join(root, 'src'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
  .sort();
const inputs = [...sources, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'), fileURLToPath(import.meta.url)];
const hash = createHash('sha256');
for (const file of inputs) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
const digest = hash.digest('hex');

if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === digest) process.exit(0);

const started = Date.now();
process.stderr.write(`building ${relative(root, outDir)}/ (sources changed since its last build)…\n`);
rmSync(stampFile, { force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir, '--incremental', '--tsBuildInfoFile', join(outDir, '.tsbuildinfo')],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// Outputs of deleted sources would otherwise linger (and could be imported by mistake).
const expected = new Set(sources.map((f) => relative(join(root, 'src'), f).replace(/\.ts$/, '.js')));
for (const file of walk(outDir)) {
  const rel = relative(outDir, file);
  const js = rel.replace(/\.map$/, '');
  if (js.endsWith('.js') && !expected.has(js) && statSync(file).isFile()) rmSync(file);
}
writeFileSync(stampFile, `${digest}\n`);
process.stderr.write(`built ${relative(root, outDir)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
