import { createHash, randomBytes } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  type JWK,
  jwtVerify,
} from 'jose';
import { OAuthSimError } from './errors.ts';
import type { Org } from './store.ts';

/** The algorithms Okta accepts for DPoP proofs and client assertions (its `algs` challenge). */
export const SIGNING_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;

/**
 * How far a proof's `iat` may sit from the server clock. Okta publishes no number; RFC 9449
 * leaves it to the server. [obs] Kept here so it is easy to correct.
 */
export const DPOP_PROOF_MAX_AGE_SECONDS = 60;
export const DPOP_PROOF_MAX_FUTURE_SECONDS = 5;

/**
 * Okta's `error_description`s for DPoP failures. Only `use_dpop_nonce`'s text is documented
 * (docs/okta-behaviour.md §0.2); the others are [obs] wording.
 */
export const DPOP_ERRORS = {
  missing: 'The DPoP proof JWT header is missing.',
  malformed: 'The DPoP proof JWT is malformed.',
  typ: "The DPoP proof JWT header 'typ' must be 'dpop+jwt'.",
  alg: 'The DPoP proof JWT is signed with an unsupported algorithm.',
  jwk: "The DPoP proof JWT header 'jwk' must be a public JSON Web Key.",
  signature: 'The DPoP proof JWT signature is invalid.',
  htm: "The DPoP proof JWT 'htm' claim does not match the HTTP method of the request.",
  htu: "The DPoP proof JWT 'htu' claim does not match the URL of the request.",
  iat: "The DPoP proof JWT 'iat' claim is missing or outside the accepted window.",
  jti: "The DPoP proof JWT 'jti' claim is missing or has already been used.",
  ath: "The DPoP proof JWT 'ath' claim does not match the access token.",
  nonce: 'Authorization server requires nonce in DPoP proof.',
} as const;

/** JWK members that only a private key has: a proof must never carry them. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export interface DpopCheck {
  method: string;
  url: URL;
  /** For resource requests: the access token the proof must be bound to (`ath`). */
  accessToken?: string;
  requireNonce: boolean;
}

const invalidProof = (description: string) =>
  new OAuthSimError(400, 'invalid_dpop_proof', description);

/** A fresh server nonce for the `DPoP-Nonce` header; expired ones are dropped on the way. */
export function issueDpopNonce(org: Org): string {
  const now = Date.now();
  for (const [nonce, expiresAt] of org.dpopNonces) {
    if (expiresAt <= now) org.dpopNonces.delete(nonce);
  }
  const nonce = randomBytes(24).toString('base64url');
  org.dpopNonces.set(nonce, now + org.settings.dpopNonceTtlSeconds * 1000);
  return nonce;
}

/** The `use_dpop_nonce` answer (RFC 9449 §8): 400 with a new nonce the client must put in its proof. */
export function useDpopNonce(org: Org): OAuthSimError {
  return new OAuthSimError(400, 'use_dpop_nonce', DPOP_ERRORS.nonce, {
    'DPoP-Nonce': issueDpopNonce(org),
  });
}

/** base64url(SHA-256(access token)): the `ath` claim binding a proof to a token. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url');
}

/** The URL a proof's `htu` must name: the request URL without query and fragment. */
function withoutQuery(url: URL): string | null {
  try {
    const normalized = new URL(url);
    normalized.search = '';
    normalized.hash = '';
    return normalized.href;
  } catch {
    return null;
  }
}

/**
 * Verify a DPoP proof (RFC 9449 §4.3) and return the thumbprint (jkt) of its key.
 * Throws `invalid_dpop_proof`, or `use_dpop_nonce` (with a fresh `DPoP-Nonce`) when a nonce is
 * required and the proof has none or a stale one.
 */
export async function verifyDpopProof(org: Org, proof: string, check: DpopCheck): Promise<string> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw invalidProof(DPOP_ERRORS.malformed);
  }
  if (header.typ !== 'dpop+jwt') throw invalidProof(DPOP_ERRORS.typ);
  if (!SIGNING_ALGORITHMS.includes(header.alg as (typeof SIGNING_ALGORITHMS)[number])) {
    throw invalidProof(DPOP_ERRORS.alg);
  }
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || PRIVATE_JWK_MEMBERS.some((m) => m in jwk)) {
    throw invalidProof(DPOP_ERRORS.jwk);
  }

  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: [...SIGNING_ALGORITHMS],
    }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw invalidProof(DPOP_ERRORS.signature);
    }
    if (error instanceof errors.JWSInvalid || error instanceof errors.JOSENotSupported) {
      throw invalidProof(DPOP_ERRORS.jwk);
    }
    throw invalidProof(DPOP_ERRORS.malformed);
  }

  if (payload.htm !== check.method) throw invalidProof(DPOP_ERRORS.htm);
  const expectedHtu = withoutQuery(check.url);
  let htu: string | null = null;
  if (typeof payload.htu === 'string') {
    try {
      htu = withoutQuery(new URL(payload.htu));
    } catch {
      htu = null;
    }
  }
  if (htu === null || htu !== expectedHtu) throw invalidProof(DPOP_ERRORS.htu);

  const nowSeconds = Date.now() / 1000;
  const iat = payload.iat;
  if (
    typeof iat !== 'number' ||
    iat < nowSeconds - DPOP_PROOF_MAX_AGE_SECONDS ||
    iat > nowSeconds + DPOP_PROOF_MAX_FUTURE_SECONDS
  ) {
    throw invalidProof(DPOP_ERRORS.iat);
  }

  if (check.accessToken !== undefined && payload.ath !== accessTokenHash(check.accessToken)) {
    throw invalidProof(DPOP_ERRORS.ath);
  }

  if (check.requireNonce) {
    const nonce = payload.nonce;
    const expiresAt = typeof nonce === 'string' ? org.dpopNonces.get(nonce) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) throw useDpopNonce(org);
  }

  // Checked last, so that a proof refused for its nonce does not burn its jti for nothing.
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti === '') throw invalidProof(DPOP_ERRORS.jti);
  const jtiKey = `dpop:${jti}`;
  const now = Date.now();
  for (const [key, expiresAt] of org.usedJtis) {
    if (expiresAt <= now) org.usedJtis.delete(key);
  }
  if (org.usedJtis.has(jtiKey)) throw invalidProof(DPOP_ERRORS.jti);
  // A proof is only acceptable within its iat window, so its jti need not be kept longer.
  org.usedJtis.set(jtiKey, (iat + DPOP_PROOF_MAX_AGE_SECONDS + 1) * 1000);

  return calculateJwkThumbprint(jwk, 'sha256');
}
