/** What a secret in a log line is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Secrets that travel in URLs: the personal agenda feed token (`/agenda/<token>/agenda.ics`), the
 * certificate verification code (`/certificates/<code>`), and any query parameter whose name says
 * it is a secret (a ticket token, a feed token, a code, a signature, a key, a password).
 */
const SECRET_PATHS: RegExp[] = [/(\/agenda\/)[^/?#\s"'<>]+/g, /(\/certificates\/)[^/?#\s"'<>]+/g];
const SECRET_QUERY = /([?&](?:[\w.-]*token|[\w.-]*code|ticket|secret|signature|sig|key|api[_-]?key|password|pass|auth)=)[^&#\s"'<>]*/gi;
/** Fields of a logged object that hold secrets whatever their text looks like. */
const SECRET_KEYS = /^(?:authorization|cookie|set-cookie|password|passwordHash|token|accessToken|ticketToken|ticket_token|feedToken|feed_token|secret|signingSecret|streamUrl|stream_url)$/i;

/** `text` with every secret in a URL replaced by [redacted]: the one redaction of the service's logs. */
export function redactSecrets(text: string): string {
  if (!text.includes('/') && !text.includes('=')) return text;
  let out = text;
  for (const pattern of SECRET_PATHS) out = out.replace(pattern, `$1${REDACTED}`);
  return out.replace(SECRET_QUERY, `$1${REDACTED}`);
}

/**
 * A copy of a logged value with `redactSecrets` applied to every string and secret fields blanked,
 * through nested objects, arrays and errors (message and stack). Depth-limited: logs hold small objects.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const source = value instanceof Error ? { ...value, type: value.name, message: value.message, stack: value.stack } : value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) out[key] = SECRET_KEYS.test(key) && v ? REDACTED : redactValue(v, depth + 1);
  return out;
}
