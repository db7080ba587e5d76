import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

/**
 * Resolves a webhook host to its addresses (the system resolver). One provider, so that tests can
 * answer as a rebinding DNS server would; every check and every connection asks it afresh.
 */
@Injectable()
export class WebhookResolver {
  async resolve(host: string): Promise<string[]> {
    return (await lookup(host, { all: true })).map((a) => a.address);
  }
}
