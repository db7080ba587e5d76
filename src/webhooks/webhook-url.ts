import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

const PUBLIC_RANGES = new Set(['unicast']);

/** Is this address one a webhook may be sent to (not private, loopback, link-local, …)? */
export function isPublicAddress(address: string): boolean {
  try {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    return PUBLIC_RANGES.has(parsed.range());
  } catch {
    return false;
  }
}

/**
 * Refuses endpoints that resolve to private or loopback addresses (server-side request forgery),
 * unless `allowPrivate`. Checked when an endpoint is registered and again before each delivery,
 * since DNS answers can change. Returns a reason, or null when the URL is acceptable.
 */
export async function webhookUrlProblem(
  raw: string,
  allowPrivate: boolean,
  resolve: (host: string) => Promise<string[]> = async (host) => (await lookup(host, { all: true })).map((a) => a.address),
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must use http or https';
  if (url.username || url.password) return 'url must not carry credentials';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  } catch {
    return `url host ${host} does not resolve`;
  }
  if (!addresses.length || addresses.some((a) => !isPublicAddress(a))) return `url host ${host} is on a private or loopback address`;
  return null;
}
