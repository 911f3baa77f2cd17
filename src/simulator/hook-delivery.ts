import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { EventHookRecord, LogEvent, Org } from './store.ts';
import {
  apiClient,
  type LogClient,
  type LogTarget,
  OKTA_SYSTEM_ACTOR,
  writeLogEvent,
} from './system-log.ts';

/**
 * Okta's outbound side of event hooks (docs/okta-behaviour.md §4): the one-time verification
 * GET and the delivery POSTs of System Log events to every ACTIVE and VERIFIED hook.
 */

/** Okta waits 3 s for a hook endpoint, for verification and for delivery alike, then retries once. */
export const OKTA_HOOK_TIMEOUT_MS = 3_000;
/** Events written this close together travel in one POST per hook (Okta batches, too). */
const BATCH_WINDOW_MS = 5;
/** At most this many events in one POST [obs: Okta batches but documents no size]. */
const MAX_EVENTS_PER_DELIVERY = 50;
/** Okta's hook requests carry this user agent (Okta support: "Unable to verify event hook"). */
const USER_AGENT = 'Okta-Integrations';
/** The event Okta writes when a delivery fails; never delivered itself, so a failing hook cannot loop. */
export const DELIVERY_EVENT_TYPE = 'event_hook.delivery';

/** The client of events no API caller caused (a delivery failing in the background). */
const SYSTEM_CLIENT: LogClient = apiClient(USER_AGENT, '127.0.0.1');

export const eventHookTarget = (hook: EventHookRecord): LogTarget => ({
  id: hook.id,
  type: 'EventHook',
  alternateId: hook.channel.config.uri,
  displayName: hook.name,
  detailEntry: null,
});

export type VerificationResult = { verified: true } | { verified: false; reason: string };

export interface HookDeliveryOptions {
  /** How long an endpoint may take to answer (Okta: 3 s). Tests shorten it. */
  timeoutMs?: number;
}

interface HookQueue {
  pending: LogEvent[];
  timer: NodeJS.Timeout | null;
  /** The last delivery of this hook: the next one starts after it, which keeps order. */
  tail: Promise<void>;
}

const deliveries = new WeakMap<Org, HookDelivery>();

/** The delivery worker of an org, as started with the simulator. */
export function hookDeliveryOf(org: Org): HookDelivery {
  const delivery = deliveries.get(org);
  if (!delivery) throw new Error('event hook delivery is not running for this org');
  return delivery;
}

/** Start delivering the org's System Log events to its event hooks. */
export function startHookDelivery(org: Org, options: HookDeliveryOptions = {}): HookDelivery {
  const delivery = new HookDelivery(org, options);
  deliveries.set(org, delivery);
  return delivery;
}

export class HookDelivery {
  readonly timeoutMs: number;
  private readonly queues = new Map<string, HookQueue>();
  private readonly agent: Agent;
  private readonly stopping = new AbortController();
  private readonly unsubscribe: () => void;
  /** Events accepted for delivery whose POST has not finished (or been dropped) yet. */
  private outstanding = 0;
  private waiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly org: Org,
    options: HookDeliveryOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? OKTA_HOOK_TIMEOUT_MS;
    this.agent = new Agent({
      connect: { timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 1_000,
    });
    this.unsubscribe = org.onLog((event) => this.accept(event));
  }

  /** Resolves once every event written so far has been delivered or given up on. */
  idle(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stop listening, abandon what is queued, abort what is in flight. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    this.stopping.abort();
    const tails: Promise<void>[] = [];
    for (const queue of this.queues.values()) {
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = null;
      this.settle(queue.pending.splice(0).length);
      tails.push(queue.tail);
    }
    await Promise.allSettled(tails);
    await this.agent.destroy();
    if (deliveries.get(this.org) === this) deliveries.delete(this.org);
  }

  /**
   * Okta's one-time verification: GET the hook's URI with a fresh challenge in
   * `X-Okta-Verification-Challenge`; the endpoint must echo it as `{"verification": "…"}`.
   */
  async verify(hook: EventHookRecord): Promise<VerificationResult> {
    const challenge = randomBytes(30).toString('base64url');
    let reason = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.stopped) return { verified: false, reason: 'the simulator is shutting down' };
      try {
        const res = await request(hook.channel.config.uri, {
          method: 'GET',
          headers: this.headersFor(hook, { 'X-Okta-Verification-Challenge': challenge }),
          dispatcher: this.agent,
          signal: this.deadline(),
        });
        const text = await res.body.text();
        if (res.statusCode !== 200) {
          reason = `the endpoint answered HTTP ${res.statusCode}`;
          continue;
        }
        // Okta reads the JSON body whatever Content-Type the endpoint declares.
        if (verificationOf(text) === challenge) return { verified: true };
        reason = 'the endpoint did not echo the verification challenge';
      } catch (error) {
        reason = describeFailure(error, this.timeoutMs);
      }
    }
    return { verified: false, reason };
  }

  private accept(event: LogEvent): void {
    if (this.stopped || event.eventType === DELIVERY_EVENT_TYPE) return;
    for (const hook of this.org.eventHooks.values()) {
      if (receives(hook, event.eventType)) this.enqueue(hook.id, event);
    }
  }

  private enqueue(hookId: string, event: LogEvent): void {
    let queue = this.queues.get(hookId);
    if (!queue) {
      queue = { pending: [], timer: null, tail: Promise.resolve() };
      this.queues.set(hookId, queue);
    }
    queue.pending.push(event);
    this.outstanding++;
    if (queue.pending.length >= MAX_EVENTS_PER_DELIVERY) this.flush(hookId, queue);
    else queue.timer ??= setTimeout(() => this.flush(hookId, queue), BATCH_WINDOW_MS);
  }

  private flush(hookId: string, queue: HookQueue): void {
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = null;
    while (queue.pending.length > 0) {
      const batch = queue.pending.splice(0, MAX_EVENTS_PER_DELIVERY);
      queue.tail = queue.tail
        .then(() => this.deliver(hookId, batch))
        .catch((error: unknown) => console.error('simulator: event hook delivery failed', error))
        .finally(() => this.settle(batch.length));
    }
  }

  private async deliver(hookId: string, events: LogEvent[]): Promise<void> {
    const hook = this.org.eventHooks.get(hookId);
    // A hook deleted, deactivated or re-pointed (hence unverified) since the events happened gets nothing.
    if (this.stopped || !hook || !receives(hook, null)) return;
    const body = JSON.stringify({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      source: `${this.org.baseUrl}/api/v1/eventHooks/${hook.id}`,
      eventId: randomUUID(),
      eventTime: this.org.now(),
      contentType: 'application/json',
      // The same LogEvents that GET /api/v1/logs returns.
      data: { events },
    });
    let reason = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.stopped) return;
      try {
        const res = await request(hook.channel.config.uri, {
          method: 'POST',
          headers: this.headersFor(hook, { 'Content-Type': 'application/json' }),
          body,
          dispatcher: this.agent,
          signal: this.deadline(),
        });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) return;
        reason = `the endpoint answered HTTP ${res.statusCode}`;
      } catch (error) {
        reason = describeFailure(error, this.timeoutMs);
      }
    }
    if (this.stopped) return;
    writeLogEvent(this.org, {
      eventType: DELIVERY_EVENT_TYPE,
      actor: OKTA_SYSTEM_ACTOR,
      client: SYSTEM_CLIENT,
      severity: 'WARN',
      outcome: { result: 'FAILURE', reason: `Event hook delivery failed: ${reason}`.slice(0, 255) },
      targets: [eventHookTarget(hook)],
      transactionType: 'JOB',
      displayMessage: `Event hook delivery failed for ${hook.name}`,
    });
  }

  /** Accept, the shared secret header, the custom headers: what Okta sends on every hook call. */
  private headersFor(hook: EventHookRecord, extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = {
      'User-Agent': USER_AGENT,
      Accept: 'application/json',
      'X-Okta-Request-Id': randomBytes(15).toString('base64url'),
      ...extra,
    };
    for (const { key, value } of hook.channel.config.headers) headers[key] = value;
    const auth = hook.channel.config.authScheme;
    if (auth) headers[auth.key] = auth.value;
    return headers;
  }

  private deadline(): AbortSignal {
    return AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.timeoutMs)]);
  }

  private settle(count: number): void {
    this.outstanding -= count;
    if (this.outstanding > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Only ACTIVE and VERIFIED hooks receive events, and only the types they subscribed to. */
function receives(hook: EventHookRecord, eventType: string | null): boolean {
  if (hook.status !== 'ACTIVE' || hook.verificationStatus !== 'VERIFIED') return false;
  return eventType === null || hook.events.items.includes(eventType);
}

function verificationOf(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>).verification
      : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError' || /Timeout/.test(name)) {
    return `no answer within ${timeoutMs} ms`;
  }
  return `the endpoint could not be reached (${error instanceof Error ? error.message : String(error)})`;
}
