import { idBatches, loginSegment, requireOktaId } from './expression.ts';
import type { Page, PageOptions, PaginateOptions } from './http.ts';
import type {
  AppLink,
  ChangePasswordInput,
  ChangeRecoveryQuestionInput,
  CreateUserInput,
  CreateUserOptions,
  ListUsersParams,
  OktaGroup,
  OktaUser,
  ReplaceUserInput,
  ResetPasswordToken,
  TempPassword,
  UpdateUserInput,
  UserActivationToken,
  UserCredentials,
} from './models.ts';
import { OktaResource } from './resource.ts';

const USERS = '/api/v1/users';

const userPath = (id: string, suffix = '') => `${USERS}/${requireOktaId('User', id)}${suffix}`;

/** Okta's Users API: profile, lifecycle, credentials, sessions and a user's groups and apps. */
export class UsersApi extends OktaResource {
  /** A user by Okta id (never a login, nor `me`: Okta's name for the token's own admin). */
  async get(id: string): Promise<OktaUser> {
    return this.fetchOne('User', id, { method: 'GET', path: userPath(id) });
  }

  /** A user by login (`name@domain`); short names and `me` are refused before any call. */
  async getByLogin(login: string): Promise<OktaUser> {
    return this.fetchOne('User', login, { method: 'GET', path: `${USERS}/${loginSegment(login)}` });
  }

  /**
   * One page of users. Without `q`, `filter` or `search` Okta leaves out DEPROVISIONED users;
   * `filter` and `search` include them; `q` pages nothing.
   */
  async list(params: ListUsersParams = {}, page?: PageOptions): Promise<Page<OktaUser>> {
    return this.page({ method: 'GET', path: USERS, query: listQuery(params) }, page);
  }

  /** Every matching user, page after page. */
  async *iterate(params: ListUsersParams = {}, options?: PaginateOptions): AsyncIterable<OktaUser> {
    yield* this.each({ method: 'GET', path: USERS, query: listQuery(params) }, options);
  }

  /**
   * Users by id, as many as asked, in `search=id eq "…" or id eq "…"` calls of at most 100 ids
   * and a URL of at most ~3,500 characters. Returns the users found (DEPROVISIONED ones too, as a
   * GET by id would); the caller maps the ids not found. Ids that are not Okta ids are never
   * sent. Okta's search index lags writes by a few seconds: a user created just now may be absent.
   */
  async searchByIds(ids: Iterable<string>): Promise<OktaUser[]> {
    const batches = idBatches('User', ids);
    const pages = await Promise.all(
      batches.map((batch) =>
        this.all<OktaUser>(
          { method: 'GET', path: USERS, query: { search: batch.search } },
          { pageSize: batch.ids.length },
        ),
      ),
    );
    return pages.flat();
  }

  /**
   * Create a user: STAGED with `activate: false`; otherwise PROVISIONED (no password) or ACTIVE
   * (password set), or PASSWORD_EXPIRED with `nextLogin: 'changePassword'`.
   */
  async create(input: CreateUserInput, options: CreateUserOptions = {}): Promise<OktaUser> {
    for (const groupId of input.groupIds ?? []) requireOktaId('Group', groupId);
    return this.send({
      method: 'POST',
      path: USERS,
      query: {
        activate: options.activate,
        provider: options.provider,
        nextLogin: options.nextLogin,
      },
      body: input,
    });
  }

  /** Partial update: only the given attributes change; `null` clears one. */
  async update(
    id: string,
    input: UpdateUserInput,
    options: { strict?: boolean } = {},
  ): Promise<OktaUser> {
    return this.send({
      method: 'POST',
      path: userPath(id),
      query: { strict: options.strict },
      body: input,
      // The same profile change twice is harmless; a password set twice may break password history.
      idempotent: input.credentials === undefined,
    });
  }

  /** Full replace: profile attributes left out are removed. */
  async replace(
    id: string,
    input: ReplaceUserInput,
    options: { strict?: boolean } = {},
  ): Promise<OktaUser> {
    return this.send({
      method: 'PUT',
      path: userPath(id),
      query: { strict: options.strict },
      body: input,
      idempotent: input.credentials === undefined,
    });
  }

  /**
   * An admin sets the password (no old password): a partial update of `credentials.password`.
   * `strict` also enforces the password policy's history and minimum age.
   */
  async setPassword(
    id: string,
    password: string,
    options: { strict?: boolean } = {},
  ): Promise<OktaUser> {
    return this.update(id, { credentials: { password: { value: password } } }, options);
  }

  /** Any status but DEPROVISIONED → DEPROVISIONED. */
  async deactivate(id: string, options: { sendEmail?: boolean } = {}): Promise<void> {
    await this.send({
      method: 'POST',
      path: userPath(id, '/lifecycle/deactivate'),
      query: { sendEmail: options.sendEmail },
    });
  }

  /**
   * The first DELETE of a user not yet DEPROVISIONED deactivates it; a DELETE of a
   * DEPROVISIONED user removes it for good. Never retried.
   */
  async delete(id: string, options: { sendEmail?: boolean } = {}): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: userPath(id),
      query: { sendEmail: options.sendEmail },
    });
  }

  /**
   * STAGED or DEPROVISIONED → PROVISIONED (no password) or ACTIVE. With `sendEmail: false` the
   * result holds the activation URL and token; with `true` (Okta's default) Okta emails them.
   */
  async activate(id: string, options: { sendEmail?: boolean } = {}): Promise<UserActivationToken> {
    return (
      (await this.send<UserActivationToken | undefined>({
        method: 'POST',
        path: userPath(id, '/lifecycle/activate'),
        query: { sendEmail: options.sendEmail ?? true },
      })) ?? {}
    );
  }

  /** PROVISIONED → PROVISIONED with a new activation token (emailed unless `sendEmail: false`). */
  async reactivate(
    id: string,
    options: { sendEmail?: boolean } = {},
  ): Promise<UserActivationToken> {
    return (
      (await this.send<UserActivationToken | undefined>({
        method: 'POST',
        path: userPath(id, '/lifecycle/reactivate'),
        query: { sendEmail: options.sendEmail },
      })) ?? {}
    );
  }

  /** ACTIVE → SUSPENDED. */
  async suspend(id: string): Promise<void> {
    return this.lifecycle(id, 'suspend');
  }

  /** SUSPENDED → ACTIVE. */
  async unsuspend(id: string): Promise<void> {
    return this.lifecycle(id, 'unsuspend');
  }

  /** LOCKED_OUT → ACTIVE. */
  async unlock(id: string): Promise<void> {
    return this.lifecycle(id, 'unlock');
  }

  /** Remove every enrolled factor; the status does not change. */
  async resetFactors(id: string): Promise<void> {
    return this.lifecycle(id, 'reset_factors');
  }

  private async lifecycle(id: string, operation: string): Promise<void> {
    await this.send({ method: 'POST', path: userPath(id, `/lifecycle/${operation}`) });
  }

  /**
   * → RECOVERY. Okta requires `sendEmail`: `false` returns the reset URL, `true` emails it.
   * `revokeSessions` also ends the user's sessions.
   */
  async resetPassword(
    id: string,
    options: { sendEmail: boolean; revokeSessions?: boolean },
  ): Promise<ResetPasswordToken> {
    return (
      (await this.send<ResetPasswordToken | undefined>({
        method: 'POST',
        path: userPath(id, '/lifecycle/reset_password'),
        query: { sendEmail: options.sendEmail, revokeSessions: options.revokeSessions },
      })) ?? {}
    );
  }

  /** → PASSWORD_EXPIRED: the user must change the password at the next sign-in. */
  async expirePassword(id: string): Promise<OktaUser> {
    return this.send({ method: 'POST', path: userPath(id, '/lifecycle/expire_password') });
  }

  /** → PASSWORD_EXPIRED with a temporary password the user signs in with. */
  async expirePasswordWithTempPassword(
    id: string,
    options: { revokeSessions?: boolean } = {},
  ): Promise<TempPassword> {
    return this.send({
      method: 'POST',
      path: userPath(id, '/lifecycle/expire_password_with_temp_password'),
      query: { revokeSessions: options.revokeSessions },
    });
  }

  /** The user's own password change: the old password must match (403 E0000014 otherwise). */
  async changePassword(id: string, input: ChangePasswordInput): Promise<UserCredentials> {
    return this.send({
      method: 'POST',
      path: userPath(id, '/credentials/change_password'),
      query: { strict: input.strict },
      body: {
        oldPassword: { value: input.oldPassword },
        newPassword: { value: input.newPassword },
        ...(input.revokeSessions === undefined ? {} : { revokeSessions: input.revokeSessions }),
      },
    });
  }

  /** Set a new recovery question and answer; the current password proves the change. */
  async changeRecoveryQuestion(
    id: string,
    input: ChangeRecoveryQuestionInput,
  ): Promise<UserCredentials> {
    return this.send({
      method: 'POST',
      path: userPath(id, '/credentials/change_recovery_question'),
      body: {
        password: { value: input.password },
        recovery_question: { question: input.question, answer: input.answer },
      },
    });
  }

  /**
   * Start the forgot-password flow; the status does not change. `sendEmail: false` returns the
   * reset URL instead of emailing it (Okta's default is true).
   */
  async forgotPassword(
    id: string,
    options: { sendEmail?: boolean } = {},
  ): Promise<ResetPasswordToken> {
    return (
      (await this.send<ResetPasswordToken | undefined>({
        method: 'POST',
        path: userPath(id, '/credentials/forgot_password'),
        query: { sendEmail: options.sendEmail },
      })) ?? {}
    );
  }

  /** End every session of the user; `oauthTokens` also revokes the tokens issued to the user. */
  async clearSessions(
    id: string,
    options: { oauthTokens?: boolean; forgetDevices?: boolean } = {},
  ): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: userPath(id, '/sessions'),
      query: { oauthTokens: options.oauthTokens, forgetDevices: options.forgetDevices },
      idempotent: true,
    });
  }

  /** Every group the user is a member of, Everyone included (Okta pages nothing here). */
  async listGroups(id: string): Promise<OktaGroup[]> {
    return this.send({ method: 'GET', path: userPath(id, '/groups') });
  }

  /** The app links of the user's apps, assigned directly or through groups (not paged). */
  async listAppLinks(id: string): Promise<AppLink[]> {
    return this.send({ method: 'GET', path: userPath(id, '/appLinks') });
  }
}

function listQuery(params: ListUsersParams) {
  return {
    q: params.q,
    filter: params.filter,
    search: params.search,
    sortBy: params.sortBy,
    sortOrder: params.sortOrder,
  };
}
