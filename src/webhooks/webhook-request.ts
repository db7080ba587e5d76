import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './webhook-url.js';

/** Why a delivery failed, as a class: nothing about a private network's answers reaches the log. */
export class WebhookDeliveryError extends Error {}

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve: (host: string) => Promise<string[]>;
}

/**
 * POSTs a webhook and resolves to the response status. The connection goes to exactly the address
 * that was checked: the socket's own `lookup` asks `resolve`, refuses the answer if ANY address is
 * private, loopback or link-local (unless allowPrivate), and hands the socket only those checked
 * addresses, so a name that answers differently between a check and the connection (DNS rebinding)
 * gains nothing. No keep-alive agent (every attempt resolves and checks anew), no redirects followed.
 */
export function postWebhook(o: WebhookPost): Promise<number> {
  const url = new URL(o.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !o.allowPrivate && !isPublicAddress(host)) return Promise.reject(new WebhookDeliveryError('address not allowed'));
  let refused: WebhookDeliveryError | undefined;
  const lookup: LookupFunction = (hostname, options, callback) => {
    o.resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => !family || isIP(a) === family);
        if (!addresses.length) throw new WebhookDeliveryError('host does not resolve');
        if (!o.allowPrivate && addresses.some((a) => !isPublicAddress(a))) throw new WebhookDeliveryError('address not allowed');
        const checked = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) (callback as unknown as (e: null, a: typeof checked) => void)(null, checked);
        else callback(null, checked[0].address, checked[0].family);
      },
    ).catch((error: Error) => {
      refused = error instanceof WebhookDeliveryError ? error : new WebhookDeliveryError('host does not resolve');
      callback(Object.assign(new Error(refused.message), { code: 'ENOTFOUND' }), '', 0);
    });
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(
      url,
      { method: 'POST', headers: { ...o.headers, 'content-length': Buffer.byteLength(o.body) }, agent: false, lookup, signal: AbortSignal.timeout(o.timeoutMs) },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) reject(new WebhookDeliveryError(`redirect refused (HTTP ${status})`));
        else resolve(status);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (refused) return reject(refused);
      if (error.name === 'AbortError' || error.name === 'TimeoutError') return reject(new WebhookDeliveryError('timed out'));
      if (error.code === 'ECONNREFUSED') return reject(new WebhookDeliveryError('connection refused'));
      if (/CERT|SSL|TLS/i.test(error.code ?? '')) return reject(new WebhookDeliveryError('TLS failure'));
      reject(new WebhookDeliveryError('connection failed'));
    });
    request.end(o.body);
  });
}
