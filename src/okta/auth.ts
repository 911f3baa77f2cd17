/**
 * How the client proves who it is to Okta (docs/okta-behaviour.md §0.2):
 * - an API token: `Authorization: SSWS …`;
 * - an OAuth 2.0 service app: a `private_key_jwt` client assertion signed with jose buys an access
 *   token at the org authorization server (`client_credentials`), cached until shortly before it
 *   expires, refreshed once however many calls wait, and replaced after a 401;
 * - DPoP, when the token endpoint asks for it: a fresh proof per request, bound to the token.
 *
 * No secret (API token, access token, private key, client assertion) leaves this module except in
 * the headers of a request to the org, and `redactSecrets` scrubs them from any text that might.
 */
import { createHash, createPrivateKey, type KeyObject, randomUUID } from 'node:crypto';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  SignJWT,
} from 'jose';
import { OktaAuthError } from './errors.ts';

export type DpopMode =
  /** Send proofs only once the token endpoint asks for them (the default). */
  | 'auto'
  /** Always bind tokens to a DPoP key. */
  | 'always'
  /** Never; a DPoP-bound app then fails with OktaAuthError. */
  | 'never';

export interface ApiTokenCredentials {
  apiToken: string;
}

export interface ServiceAppCredentials {
  clientId: string;
  /** PEM (PKCS#8 `BEGIN PRIVATE KEY`, PKCS#1 `BEGIN RSA PRIVATE KEY`, SEC1 `BEGIN EC PRIVATE KEY`) or JWK JSON. */
  privateKey: string | JWK;
  /** The key's `kid` in the app's JWKS; defaults to the JWK's own `kid`. */
  keyId?: string;
  /** Scopes to request, e.g. `okta.users.read`. */
  scopes: readonly string[];
  dpop?: DpopMode;
  /** DPoP proof algorithm of the per-client key pair. Default ES256 (Okta accepts RS*, ES*). */
  dpopAlgorithm?: 'ES256' | 'ES384' | 'RS256';
  /** Refresh a token this long before it expires (capped at a quarter of its lifetime). Default 60 s. */
  refreshMarginMs?: number;
}

export type OktaCredentials = ApiTokenCredentials | ServiceAppCredentials;

/** One answer from the token endpoint, as the transport hands it back. */
export interface TokenEndpointAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

/** The form and headers of one attempt at the token endpoint. */
export interface TokenRequest {
  form: URLSearchParams;
  headers: Record<string, string>;
}

/**
 * POST to `/oauth2/v1/token` through the transport (its dispatcher, timeouts and rate-limit
 * governor), returning 4xx answers rather than throwing, since OAuth errors have their own shape.
 * `build` runs once per attempt: a retried request needs a new assertion `jti` and a new proof.
 */
export type TokenEndpointCall = (
  build: () => Promise<TokenRequest>,
  deadline: number,
) => Promise<TokenEndpointAnswer>;

/** What a call is authorized with. Opaque outside this module. */
export interface Grant {
  readonly scheme: 'SSWS' | 'Bearer' | 'DPoP';
  /** @internal */
  readonly value: string;
}

/** What to do after Okta refused a call's credential. */
export type Challenge = 'refresh' | 'nonce' | null;

export interface OktaAuth {
  readonly kind: 'ssws' | 'oauth';
  /** The credential for a call: the API token, or a cached or freshly fetched access token. */
  grant(deadline: number): Promise<Grant>;
  /** Headers for one attempt of a call: `Authorization` and, for DPoP, a proof made now. */
  headers(grant: Grant, method: string, url: URL): Promise<Record<string, string>>;
  /**
   * Look at an answer: remember a new DPoP nonce, and say whether a refused call is worth one
   * more try with a fresh token (`refresh`) or with the nonce (`nonce`).
   */
  answered(grant: Grant, status: number, headers: Record<string, string>): Challenge;
  /** Every secret this auth holds now, for redaction. */
  secrets(): readonly string[];
}

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Okta's limit is one hour; the SDK uses five minutes. */
const ASSERTION_LIFETIME_S = 300;
/** Rounds of `use_dpop_nonce` / `invalid_dpop_proof` one token request may go through. */
const MAX_DPOP_ROUNDS = 3;

/** Replace every occurrence of a secret (and anything that looks like an auth header) in text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  }
  return out.replace(/\b(SSWS|Bearer|DPoP)\s+[\w.~+/=-]{8,}/gi, '$1 [REDACTED]');
}

export function createOktaAuth(
  credentials: OktaCredentials,
  orgUrl: string,
  callTokenEndpoint: TokenEndpointCall,
): OktaAuth {
  if ('apiToken' in credentials) return apiTokenAuth(credentials.apiToken);
  return new ServiceAppAuth(credentials, orgUrl, callTokenEndpoint);
}

function apiTokenAuth(apiToken: string): OktaAuth {
  if (!apiToken) throw new OktaAuthError('no API token configured');
  const grant: Grant = { scheme: 'SSWS', value: apiToken };
  return {
    kind: 'ssws',
    grant: async () => grant,
    headers: async () => ({ authorization: `SSWS ${apiToken}` }),
    answered: () => null,
    secrets: () => [apiToken],
  };
}

interface SigningKey {
  key: CryptoKey;
  alg: string;
  kid: string | undefined;
}

interface CachedToken {
  grant: Grant;
  /** ms since epoch after which it is no longer handed out. */
  refreshAt: number;
}

interface DpopKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  alg: string;
}

class ServiceAppAuth implements OktaAuth {
  readonly kind = 'oauth' as const;
  private readonly tokenUrl: string;
  private signingKey: Promise<SigningKey> | null = null;
  private cached: CachedToken | null = null;
  private refreshing: Promise<Grant> | null = null;
  private dpop: boolean;
  private dpopKey: Promise<DpopKey> | null = null;
  /** Nonces are per server: the authorization server's and the API's. */
  private tokenNonce: string | undefined;
  private apiNonce: string | undefined;
  /** Recent assertions and tokens, for redaction. */
  private readonly issued: string[] = [];

  constructor(
    private readonly credentials: ServiceAppCredentials,
    orgUrl: string,
    private readonly callTokenEndpoint: TokenEndpointCall,
  ) {
    if (!credentials.clientId) throw new OktaAuthError('no OAuth client id configured');
    if (credentials.scopes.length === 0) throw new OktaAuthError('no OAuth scopes configured');
    this.tokenUrl = `${orgUrl.replace(/\/+$/, '')}/oauth2/v1/token`;
    this.dpop = credentials.dpop === 'always';
  }

  async grant(deadline: number): Promise<Grant> {
    if (this.cached && Date.now() < this.cached.refreshAt) return this.cached.grant;
    // One refresh in flight: every call that needs a token waits for the same one.
    this.refreshing ??= this.fetchToken(deadline).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async headers(grant: Grant, method: string, url: URL): Promise<Record<string, string>> {
    if (grant.scheme !== 'DPoP') return { authorization: `Bearer ${grant.value}` };
    return {
      authorization: `DPoP ${grant.value}`,
      dpop: await this.proof(method, url, this.apiNonce, grant.value),
    };
  }

  answered(grant: Grant, status: number, headers: Record<string, string>): Challenge {
    const nonce = headers['dpop-nonce'];
    const previousNonce = this.apiNonce;
    if (nonce && grant.scheme === 'DPoP') this.apiNonce = nonce;
    if (status !== 401 && status !== 400) return null;
    const challenge = headers['www-authenticate'] ?? '';
    if (/error="use_dpop_nonce"/.test(challenge)) {
      return nonce && nonce !== previousNonce ? 'nonce' : null;
    }
    if (status !== 401) return null;
    // The token expired or was revoked: forget it (unless another call already replaced it).
    if (this.cached?.grant === grant) this.cached = null;
    return 'refresh';
  }

  secrets(): readonly string[] {
    const key = this.credentials.privateKey;
    const keyText = typeof key === 'string' ? key : JSON.stringify(key);
    const out = [...this.issued, keyText];
    if (typeof key === 'string') {
      // A PEM's base64 lines could be quoted on their own, and so could a JWK's members.
      out.push(
        ...key.split(/\\n|\n|"/).filter((part) => part.length >= 16 && !part.startsWith('-----')),
      );
    } else {
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
        const value = key[member];
        if (typeof value === 'string') out.push(value);
      }
    }
    if (this.cached) out.push(this.cached.grant.value);
    return out;
  }

  private remember(secret: string): void {
    this.issued.push(secret);
    // The newest assertion and token are the ones in flight; older ones have expired or been used.
    if (this.issued.length > 8) this.issued.splice(0, this.issued.length - 8);
  }

  private async fetchToken(deadline: number): Promise<Grant> {
    const sign = await this.loadSigningKey();
    for (let round = 0; ; round++) {
      const answer = await this.callTokenEndpoint(async () => {
        const form = new URLSearchParams({
          grant_type: 'client_credentials',
          scope: this.credentials.scopes.join(' '),
          client_assertion_type: CLIENT_ASSERTION_TYPE,
          client_assertion: await this.clientAssertion(sign),
        });
        const headers: Record<string, string> = {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        };
        if (this.dpop) {
          headers.dpop = await this.proof('POST', new URL(this.tokenUrl), this.tokenNonce);
        }
        return { form, headers };
      }, deadline);
      const body = (answer.body ?? {}) as Record<string, unknown>;
      const nonce = answer.headers['dpop-nonce'];

      if (answer.status === 200 && typeof body.access_token === 'string') {
        return this.accept(body);
      }
      const error = typeof body.error === 'string' ? body.error : `http_${answer.status}`;
      const canRetry = round < MAX_DPOP_ROUNDS && this.credentials.dpop !== 'never';
      if (error === 'use_dpop_nonce' && nonce && canRetry) {
        // Okta wants DPoP, and a proof carrying this nonce.
        this.dpop = true;
        this.tokenNonce = nonce;
        continue;
      }
      if (error === 'invalid_dpop_proof' && !this.dpop && canRetry) {
        // A DPoP-bound app refused a request without a proof: add one.
        this.dpop = true;
        continue;
      }
      const description =
        typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
      throw new OktaAuthError(
        redactSecrets(`token endpoint answered ${error}${description}`, this.secrets()),
        answer.status,
      );
    }
  }

  private accept(body: Record<string, unknown>): Grant {
    const value = body.access_token as string;
    const type = String(body.token_type ?? 'Bearer');
    if (type.toLowerCase() === 'dpop' && !this.dpop) {
      throw new OktaAuthError('token endpoint issued a DPoP token without a DPoP proof');
    }
    const grant: Grant = { scheme: type.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', value };
    const lifetimeMs = Math.max(1, Number(body.expires_in) || 3600) * 1000;
    const margin = Math.min(this.credentials.refreshMarginMs ?? 60_000, lifetimeMs / 4);
    this.remember(value);
    this.cached = { grant, refreshAt: Date.now() + lifetimeMs - margin };
    return grant;
  }

  private loadSigningKey(): Promise<SigningKey> {
    this.signingKey ??= importSigningKey(this.credentials.privateKey, this.credentials.keyId);
    // A bad key fails every call the same way; let the next call try to import it again.
    this.signingKey.catch(() => {
      this.signingKey = null;
    });
    return this.signingKey;
  }

  private async clientAssertion(sign: SigningKey): Promise<string> {
    const { clientId } = this.credentials;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader(sign.kid ? { alg: sign.alg, kid: sign.kid } : { alg: sign.alg })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(this.tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + ASSERTION_LIFETIME_S)
      // Okta rejects a reused jti, which keeps a leaked assertion from being replayed.
      .setJti(randomUUID())
      .sign(sign.key);
    this.remember(assertion);
    return assertion;
  }

  private async proof(
    method: string,
    url: URL,
    nonce: string | undefined,
    accessToken?: string,
  ): Promise<string> {
    this.dpopKey ??= createDpopKey(this.credentials.dpopAlgorithm ?? 'ES256');
    const key = await this.dpopKey;
    const claims: Record<string, string> = {
      htm: method,
      // RFC 9449: the target URI without query and fragment.
      htu: `${url.origin}${url.pathname}`,
    };
    if (nonce) claims.nonce = nonce;
    if (accessToken) claims.ath = createHash('sha256').update(accessToken).digest('base64url');
    return new SignJWT(claims)
      .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk })
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(key.privateKey);
  }
}

/** A key pair per client: the private half never leaves the process (not extractable). */
async function createDpopKey(alg: string): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const { kty, crv, x, y, n, e } = await exportJWK(publicKey);
  const publicJwk = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined),
  ) as JWK;
  return { privateKey, publicJwk, alg };
}

/** The JWS algorithm for a key Okta accepts for private_key_jwt (RS256 or ES256/384/512). */
function algorithmOf(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
    if (curve === 'secp521r1') return 'ES512';
  }
  throw new OktaAuthError(
    `unsupported private key type ${key.asymmetricKeyType ?? 'unknown'} (use RSA or EC P-256/384/521)`,
  );
}

const JWK_ALGS: Readonly<Record<string, string>> = {
  RSA: 'RS256',
  'EC:P-256': 'ES256',
  'EC:P-384': 'ES384',
  'EC:P-521': 'ES512',
};

/**
 * Import the app's private key. jose's importPKCS8 takes PKCS#8 only, so PKCS#1 and SEC1 PEMs are
 * converted with node:crypto first. Errors never quote the key.
 */
export async function importSigningKey(
  privateKey: string | JWK,
  keyId: string | undefined,
): Promise<SigningKey> {
  try {
    let jwk: JWK | null = typeof privateKey === 'string' ? null : privateKey;
    const text = typeof privateKey === 'string' ? privateKey.trim() : '';
    if (!jwk && text.startsWith('{')) jwk = JSON.parse(text) as JWK;
    if (jwk) {
      const alg = jwk.alg ?? JWK_ALGS[jwk.kty === 'EC' ? `EC:${jwk.crv}` : String(jwk.kty)];
      if (!alg || typeof jwk.d !== 'string') throw new Error('not a private RSA or EC JWK');
      const key = await importJWK(jwk, alg, { extractable: false });
      return { key: key as CryptoKey, alg, kid: keyId ?? jwk.kid };
    }
    // Environment variables often carry a PEM with its newlines escaped.
    const pem = text.includes('\n') ? text : text.replace(/\\n/g, '\n');
    const keyObject = createPrivateKey({ key: pem, format: 'pem' });
    const alg = algorithmOf(keyObject);
    const pkcs8 = pem.includes('BEGIN PRIVATE KEY')
      ? pem
      : (keyObject.export({ type: 'pkcs8', format: 'pem' }) as string);
    return { key: await importPKCS8(pkcs8, alg, { extractable: false }), alg, kid: keyId };
  } catch (error) {
    if (error instanceof OktaAuthError) throw error;
    throw new OktaAuthError('the OAuth private key is not a usable PEM or JWK');
  }
}
