import type { AddressInfo } from 'node:net';
import { type FaultSettings, Faults } from './faults.ts';
import { type HookDelivery, startHookDelivery } from './hook-delivery.ts';
import { RateLimiter } from './rate-limit.ts';
import { Router } from './router.ts';
import { appGrantsRoutes } from './routes/app-grants.ts';
import { appGroupsRoutes } from './routes/app-groups.ts';
import { appUsersRoutes } from './routes/app-users.ts';
import { appsRoutes } from './routes/apps.ts';
import { eventHooksRoutes } from './routes/event-hooks.ts';
import { factorsRoutes } from './routes/factors.ts';
import { groupRulesRoutes } from './routes/group-rules.ts';
import { groupsRoutes } from './routes/groups.ts';
import { logsRoutes } from './routes/logs.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { rolesRoutes } from './routes/roles.ts';
import { schemasRoutes } from './routes/schemas.ts';
import { usersRoutes } from './routes/users.ts';
import { type SeedSize, seedOrg } from './seed.ts';
import { createSimulatorServer, type Exchange, RequestCounter } from './server.ts';
import { Org, type SimulatorSettings } from './store.ts';

export type { FaultSettings } from './faults.ts';
export type { Exchange } from './server.ts';
export type { Org } from './store.ts';

export interface SimulatorOptions extends Partial<SimulatorSettings> {
  /** The same seed builds the same org (ids, names, memberships). Default 42. */
  seed?: number;
  /** `demo` (the default), `empty` (just the admin), or a custom size for benchmarks. */
  size?: SeedSize;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The SSWS API token the org accepts. Default: a random one. */
  apiToken?: string;
  /** How long event hook endpoints may take to answer (Okta: 3000 ms). Tests shorten it. */
  eventHookTimeoutMs?: number;
}

export interface Simulator {
  /** The org's base URL, e.g. `http://127.0.0.1:51234`. */
  url: string;
  apiToken: string;
  org: Org;
  /** Requests served, by `METHOD /route/:template`. */
  requests: RequestCounter;
  faults: Faults;
  rateLimiter: RateLimiter;
  /** Event hook verification and delivery; `hookDelivery.idle()` waits for deliveries to finish. */
  hookDelivery: HookDelivery;
  /** Every answered request, for validators and tests. Returns an unsubscribe function. */
  onExchange(listener: (exchange: Exchange) => void): () => void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const settings: SimulatorSettings = {
    searchLagMs: options.searchLagMs ?? 0,
    rateLimits: { ...(options.rateLimits ?? {}) },
    concurrencyLimit: options.concurrencyLimit ?? 75,
    rateLimitWindowMs: options.rateLimitWindowMs ?? 60_000,
    maxActiveEventHooks: options.maxActiveEventHooks ?? 25,
    requireDpop: options.requireDpop ?? false,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    dpopNonceTtlSeconds: options.dpopNonceTtlSeconds ?? 300,
  };
  const org = new Org(options.seed ?? 42, settings);
  const router = new Router().add(
    ...usersRoutes,
    ...groupsRoutes,
    ...appsRoutes,
    ...appUsersRoutes,
    ...appGroupsRoutes,
    ...appGrantsRoutes,
    ...eventHooksRoutes,
    ...logsRoutes,
    ...schemasRoutes,
    ...oauthRoutes,
    ...groupRulesRoutes,
    ...rolesRoutes,
    ...factorsRoutes,
  );
  const faults = new Faults();
  const limiter = new RateLimiter(
    () => settings.rateLimits,
    () => settings.rateLimitWindowMs,
    () => settings.concurrencyLimit,
  );
  const requests = new RequestCounter();
  const exchanges = new Set<(exchange: Exchange) => void>();
  const server = createSimulatorServer({ org, router, faults, limiter, requests, exchanges });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  org.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const apiToken = seedOrg(org, { size: options.size ?? 'demo', apiToken: options.apiToken });
  // Started after the seed: its history is the past, not news for event hooks.
  const hookDelivery = startHookDelivery(org, { timeoutMs: options.eventHookTimeoutMs });

  return {
    url: org.baseUrl,
    apiToken,
    org,
    requests,
    faults,
    rateLimiter: limiter,
    hookDelivery,
    onExchange(listener) {
      exchanges.add(listener);
      return () => exchanges.delete(listener);
    },
    close: async () => {
      await hookDelivery.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

export function setFaults(sim: Simulator, patch: Partial<FaultSettings>): void {
  sim.faults.set(patch);
}
