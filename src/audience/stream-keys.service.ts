import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { AudienceRepository } from './audience.repository.js';

type Alg = 'ES256' | 'EdDSA';
interface SigningKey {
  kid: string;
  alg: Alg;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** The audience and issuer claims of stream tokens. */
export const STREAM_TOKEN_AUDIENCE = 'congress-stream';

/**
 * The keys that sign stream access tokens (jose: ES256, or EdDSA for an Ed25519 STREAM_SIGNING_KEY).
 * Without STREAM_SIGNING_KEY the first process that needs a key makes one and stores it
 * (stream_signing_keys); every other process reads the same one. Public keys go out as a JWKS,
 * so a CDN or player verifies tokens without calling the service.
 */
@Injectable()
export class StreamKeysService {
  private key?: Promise<SigningKey>;
  private verifyKeys = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly repo: AudienceRepository,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  get issuer(): string {
    return this.config.get('PUBLIC_BASE_URL', { infer: true });
  }

  private signingKey(): Promise<SigningKey> {
    this.key ??= this.load().catch((e: unknown) => {
      this.key = undefined; // the database may be back next time
      throw e;
    });
    return this.key;
  }

  private async load(): Promise<SigningKey> {
    const pem = this.config.get('STREAM_SIGNING_KEY', { infer: true });
    if (pem) return fromPem(pem);
    let stored = await this.repo.currentKey();
    if (!stored) {
      const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
      const publicJwk = { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig' };
      const kid = await calculateJwkThumbprint(publicJwk);
      await this.repo.insertKeyUnlessCurrent({ kid, alg: 'ES256', publicJwk: { ...publicJwk, kid }, privateJwk: { ...(await exportJWK(privateKey)), alg: 'ES256', kid } });
      stored = await this.repo.currentKey(); // ours, or the one another process stored first
    }
    if (!stored) throw new Error('no stream signing key could be stored');
    return { kid: stored.kid, alg: stored.alg, privateKey: (await importJWK(stored.privateJwk as JWK, stored.alg)) as CryptoKey, publicJwk: stored.publicJwk as JWK };
  }

  /** The JSON Web Key Set of the keys whose tokens may still be valid. */
  async jwks(now: Date): Promise<{ keys: JWK[] }> {
    const key = await this.signingKey();
    if (this.config.get('STREAM_SIGNING_KEY', { infer: true })) return { keys: [key.publicJwk] };
    const ttl = this.config.get('STREAM_TOKEN_TTL_SECONDS', { infer: true });
    return { keys: (await this.repo.publishedKeys(now, ttl)) as JWK[] };
  }

  async sign(claims: JWTPayload, subject: string, now: Date, ttlSeconds: number): Promise<string> {
    const key = await this.signingKey();
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.issuer)
      .setAudience(STREAM_TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .sign(key.privateKey);
  }

  /** The token's claims when its signature, issuer, audience and lifetime (on the service's clock) hold; else undefined. */
  async verify(token: string, now: Date): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.publicKey(header.kid), {
        algorithms: ['ES256', 'EdDSA'],
        issuer: this.issuer,
        audience: STREAM_TOKEN_AUDIENCE,
        currentDate: now,
        clockTolerance: 0,
      });
      return payload;
    } catch {
      return undefined;
    }
  }

  private async publicKey(kid: string | undefined): Promise<CryptoKey> {
    const current = await this.signingKey();
    if (!kid || kid === current.kid) return publicOf(current);
    let found = this.verifyKeys.get(kid);
    if (!found) {
      found = this.jwks(new Date()).then(async ({ keys }) => {
        const jwk = keys.find((k) => k.kid === kid);
        if (!jwk) throw new Error('unknown kid');
        return (await importJWK(jwk, jwk.alg)) as CryptoKey;
      });
      found.catch(() => this.verifyKeys.delete(kid));
      this.verifyKeys.set(kid, found);
    }
    return found;
  }
}

const publicKeys = new WeakMap<SigningKey, Promise<CryptoKey>>();
function publicOf(key: SigningKey): Promise<CryptoKey> {
  let p = publicKeys.get(key);
  if (!p) publicKeys.set(key, (p = importJWK(key.publicJwk, key.alg) as Promise<CryptoKey>));
  return p;
}

async function fromPem(pem: string): Promise<SigningKey> {
  for (const alg of ['ES256', 'EdDSA'] as const) {
    try {
      const privateKey = await importPKCS8(pem, alg, { extractable: true });
      const { d: _private, ...pub } = await exportJWK(privateKey);
      void _private;
      const publicJwk: JWK = { ...pub, alg, use: 'sig' };
      const kid = await calculateJwkThumbprint(publicJwk);
      return { kid, alg, privateKey, publicJwk: { ...publicJwk, kid } };
    } catch {
      // not this algorithm's key: try the next
    }
  }
  throw new Error('STREAM_SIGNING_KEY is neither a P-256 (ES256) nor an Ed25519 (EdDSA) PKCS#8 private key');
}
