import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply } from 'fastify';
import { LRUCache } from 'lru-cache';
import { addVary, ifNoneMatchHits } from '../common/http/conditional.js';
import type { Encoding } from './cache-store.js';

/** A public read ready to send: its bodies (absent when a matching If-None-Match needs none), ETag and Cache-Control. */
export interface CacheableResponse {
  /** Strong ETag of the identity body. */
  etag: string;
  cacheControl: string;
  /** The body as bytes, with its brotli and gzip forms when it came from the cache. */
  bodies?: { identity: Buffer; br?: Buffer; gzip?: Buffer };
}

/** Cache-Control of a draft, seen by members only. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';
/** Browsers keep a public read this long (seconds)… */
export const BROWSER_MAX_AGE = 10;
/** …shared caches (a CDN) this long, and may serve it stale this much longer while they revalidate. */
export const SHARED_MAX_AGE = 30;
export const STALE_WHILE_REVALIDATE = 30;

/**
 * Cache-Control of a published public read: browsers 10 s, a CDN 30 s plus 30 s stale while it
 * revalidates (a 304 from us is cheap), all cut so that no copy anywhere is used past `expiresAt`
 * (the next embargo release): max(max-age, s-maxage) + stale-while-revalidate ≤ the time left.
 */
export function publicCacheControl(expiresAt: number | undefined, now: Date): string {
  const left = expiresAt === undefined ? Infinity : Math.max(0, Math.floor((expiresAt - now.getTime()) / 1000));
  const maxAge = Math.min(BROWSER_MAX_AGE, left);
  const shared = Math.min(SHARED_MAX_AGE, left);
  const stale = Math.min(STALE_WHILE_REVALIDATE, left - shared);
  return `public, max-age=${maxAge}, s-maxage=${shared}${stale > 0 ? `, stale-while-revalidate=${stale}` : ''}`;
}

/** The ETag sent with a coding: the identity ETag, suffixed for a compressed form (a strong ETag names one representation). */
export const etagFor = (etag: string, encoding: Encoding) => (encoding === 'identity' ? etag : `${etag.slice(0, -1)}-${encoding}"`);

/**
 * Does `If-None-Match` name this ETag in any coding (weakly compared, or `*`)? The comparison is the
 * one every conditional route uses (`ifNoneMatchHits`, jshttp's `fresh`).
 */
export const matchesEtag = (header: string | undefined, etag: string) =>
  !!header && (ifNoneMatchHits(header, etag) || ifNoneMatchHits(header, etagFor(etag, 'br')) || ifNoneMatchHits(header, etagFor(etag, 'gzip')));

/** Accept-Encoding → the coding to send; the answers for the few headers browsers send are remembered. */
const negotiator = new Negotiator<Encoding>({ supportedValues: ['br', 'gzip', 'identity'], cache: new LRUCache<string, string>({ max: 256 }) });

export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  return acceptEncoding ? (negotiator.negotiate(acceptEncoding) ?? 'identity') : 'identity';
}

/**
 * Sends a cacheable public read: the stored coding the client accepts best (`Vary: Accept-Encoding`),
 * or 304 when its copy is current (weak comparison, `*`). A response without stored compressed forms (uncached, drafts) goes
 * out as identity, and @fastify/compress compresses it above its threshold. Shared by the programme
 * and the exports.
 */
export function sendCacheable(reply: FastifyReply, p: CacheableResponse, contentType = 'application/json; charset=utf-8') {
  const headers = reply.request.headers;
  const wanted = chooseEncoding(headers['accept-encoding']);
  const encoding: Encoding = wanted !== 'identity' && p.bodies?.[wanted] ? wanted : 'identity';
  reply.header('etag', etagFor(p.etag, encoding)).header('cache-control', p.cacheControl);
  // The body depends on the language and the coding; a draft (sent `private`) also on who asks.
  addVary(reply, 'Accept-Language', 'Accept-Encoding', ...(p.cacheControl.startsWith('private') ? ['Authorization'] : []));
  if (matchesEtag(headers['if-none-match'], p.etag) || !p.bodies) return reply.status(304).send();
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply
    .status(200)
    .header('content-type', contentType)
    .send(p.bodies[encoding] ?? p.bodies.identity);
}
