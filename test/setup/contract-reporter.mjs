// A Jest reporter: at the end of the run, how much of the OpenAPI document the tests exercised and
// validated (test/setup/contract.ts appends one line per checked response to CONTRACT_COVERAGE_DIR).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default class ContractReporter {
  constructor() {
    // Set before the workers start, so every test file writes into the same folder.
    this.dir = mkdtempSync(join(tmpdir(), 'contract-coverage-'));
    process.env.CONTRACT_COVERAGE_DIR = this.dir;
  }

  onRunComplete() {
    try {
      const files = readdirSync(this.dir);
      if (!files.includes('inventory.json')) return;
      const inventory = JSON.parse(readFileSync(join(this.dir, 'inventory.json'), 'utf8'));
      const seen = new Map();
      for (const file of files.filter((f) => f.endsWith('.jsonl'))) {
        for (const line of readFileSync(join(this.dir, file), 'utf8').split('\n')) {
          if (!line) continue;
          const { operation, status, valid } = JSON.parse(line);
          const key = `${operation} ${status}`;
          const entry = seen.get(key) ?? { operation, status, calls: 0, valid: 0 };
          entry.calls += 1;
          if (valid) entry.valid += 1;
          seen.set(key, entry);
        }
      }
      const ops = inventory.map((o) => o.operation);
      const pairs = inventory.flatMap((o) => o.statuses.map((s) => ({ operation: o.operation, status: s })));
      const success = pairs.filter((p) => /^[23]/.test(p.status));
      const exercisedOps = new Set([...seen.values()].map((e) => e.operation));
      const validatedOps = new Set([...seen.values()].filter((e) => e.valid > 0).map((e) => e.operation));
      const hit = (p) => seen.get(`${p.operation} ${p.status}`);
      const validPairs = pairs.filter((p) => hit(p)?.valid);
      const calls = [...seen.values()].reduce((n, e) => n + e.calls, 0);
      const breaches = [...seen.values()].reduce((n, e) => n + e.calls - e.valid, 0);
      const missingOps = ops.filter((o) => !validatedOps.has(o));
      const missingSuccess = success.filter((p) => !hit(p)?.valid);
      const lines = [
        '',
        'OpenAPI contract (every response through the test app validated against /docs-json):',
        `  ${calls} responses checked, ${breaches} broke the contract`,
        `  operations: ${exercisedOps.size}/${ops.length} exercised, ${validatedOps.size}/${ops.length} with a valid response`,
        `  operation×status pairs: ${validPairs.length}/${pairs.length} documented pairs validated; success statuses: ${success.length - missingSuccess.length}/${success.length}`,
      ];
      if (missingOps.length) lines.push(`  operations never validated: ${missingOps.join(', ')}`);
      if (missingSuccess.length && missingSuccess.length <= 40) lines.push(`  success statuses never seen: ${missingSuccess.map((p) => `${p.operation} ${p.status}`).join(', ')}`);
      console.log(lines.join('\n'));
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
