import type { FastifyReply } from 'fastify';
import fresh from 'fresh';
import vary from 'vary';

/**
 * Does `If-None-Match` name this ETag? The weak comparison RFC 9110 §13.1.2 requires (`W/"x"`
 * matches `"x"`: compressing proxies send the weak form back), and `*` matches any current
 * representation. `fresh` (jshttp, the one Express uses) compares; only the `If-None-Match` header
 * is passed, so a request's `Cache-Control: no-cache` does not turn the condition off.
 */
export function ifNoneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  return !!ifNoneMatch && fresh({ 'if-none-match': ifNoneMatch }, { etag });
}

/** Adds request headers to `Vary` without dropping those already named (e.g. `Origin` from CORS). */
export function addVary(reply: FastifyReply, ...fields: string[]): FastifyReply {
  const current = reply.getHeader('vary');
  return reply.header('vary', vary.append(Array.isArray(current) ? current.join(', ') : String(current ?? ''), fields));
}
