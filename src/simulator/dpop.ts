import { OAuthSimError } from './errors.ts';
import type { Org } from './store.ts';

export interface DpopCheck {
  method: string;
  url: URL;
  /** For resource requests: the access token the proof must be bound to (`ath`). */
  accessToken?: string;
  requireNonce: boolean;
}

/** Verify a DPoP proof and return the thumbprint (jkt) of its key. */
export async function verifyDpopProof(
  _org: Org,
  _proof: string,
  _check: DpopCheck,
): Promise<string> {
  throw new OAuthSimError(400, 'invalid_dpop_proof', 'DPoP is not supported yet');
}
