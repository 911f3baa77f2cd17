import type { UserFactor } from './access-models.ts';
import { requireOktaId } from './expression.ts';
import { OktaResource } from './resource.ts';

const factorsPath = (userId: string, suffix = '') =>
  `/api/v1/users/${requireOktaId('User', userId)}/factors${suffix}`;

/** A user's enrolled MFA factors (Okta's Factors API; the list is not paged). */
export class FactorsApi extends OktaResource {
  async list(userId: string): Promise<UserFactor[]> {
    return this.send({ method: 'GET', path: factorsPath(userId) });
  }

  async get(userId: string, factorId: string): Promise<UserFactor> {
    return this.fetchOne('UserFactor', factorId, {
      method: 'GET',
      path: factorsPath(userId, `/${requireOktaId('UserFactor', factorId)}`),
    });
  }

  /**
   * Unenroll ("reset") one factor; the user enrolls again at next sign-in. Unenrolling Okta
   * Verify's `push` also unenrolls its TOTP. A deactivated user's factors cannot be reset.
   */
  async unenroll(userId: string, factorId: string): Promise<void> {
    await this.fetchOne('UserFactor', factorId, {
      method: 'DELETE',
      path: factorsPath(userId, `/${requireOktaId('UserFactor', factorId)}`),
    });
  }
}
