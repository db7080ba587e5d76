import { createHash } from 'node:crypto';
import { DomainError } from '../common/errors/domain-error.js';

/** How long a key and its first response are kept (the draft asks for at least 24 hours). */
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * Reads an `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header): a Structured
 * Field string (`"…"`); a bare token is accepted too. 1–255 printable ASCII characters, else 400.
 * Returns undefined when there is no header.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const raw = Array.isArray(header) ? (header.length === 1 ? header[0] : '') : header;
  let value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!/^[\x21\x23-\x5b\x5d-\x7e](?:[\x20\x21\x23-\x5b\x5d-\x7e]{0,253}[\x21\x23-\x5b\x5d-\x7e])?$/.test(value)) {
    throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1–255 printable ASCII characters (a quoted string)', [
      { field: 'Idempotency-Key', messages: ['is malformed'] },
    ]);
  }
  return value;
}

/** A fingerprint of the request: the same key with another body (or target) is a misuse. */
export function requestFingerprint(target: string, body: unknown): string {
  return createHash('sha256').update(target).update('\n').update(canonicalJson(body)).digest('hex');
}

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
