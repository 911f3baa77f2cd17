import { requireOktaId } from './expression.ts';
import type { EventHook, EventHookInput } from './models.ts';
import { OktaResource } from './resource.ts';

const HOOKS = '/api/v1/eventHooks';

const hookPath = (id: string, suffix = '') => `${HOOKS}/${requireOktaId('EventHook', id)}${suffix}`;

/**
 * Okta's Event Hooks API. A new hook is ACTIVE and UNVERIFIED; only ACTIVE and VERIFIED hooks
 * receive events, and only INACTIVE hooks can be deleted.
 */
export class EventHooksApi extends OktaResource {
  /** Every event hook of the org (Okta pages nothing here). */
  async list(): Promise<EventHook[]> {
    return this.send({ method: 'GET', path: HOOKS });
  }

  async get(id: string): Promise<EventHook> {
    return this.fetchOne('EventHook', id, { method: 'GET', path: hookPath(id) });
  }

  async create(input: EventHookInput): Promise<EventHook> {
    return this.send({ method: 'POST', path: HOOKS, body: input });
  }

  /** Replace the hook; a changed channel makes it UNVERIFIED again. */
  async replace(id: string, input: EventHookInput): Promise<EventHook> {
    return this.send({ method: 'PUT', path: hookPath(id), body: input, idempotent: true });
  }

  async delete(id: string): Promise<void> {
    await this.send({ method: 'DELETE', path: hookPath(id) });
  }

  async activate(id: string): Promise<EventHook> {
    return this.send({ method: 'POST', path: hookPath(id, '/lifecycle/activate') });
  }

  async deactivate(id: string): Promise<EventHook> {
    return this.send({ method: 'POST', path: hookPath(id, '/lifecycle/deactivate') });
  }

  /**
   * Okta sends the hook's URI a GET with `X-Okta-Verification-Challenge` and expects the value
   * echoed back: VERIFIED on success, 400 otherwise.
   */
  async verify(id: string): Promise<EventHook> {
    return this.send({ method: 'POST', path: hookPath(id, '/lifecycle/verify') });
  }
}
