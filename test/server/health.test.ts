import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createOktaClient } from '../../src/okta/index.ts';
import { createReadiness } from '../../src/server/health.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createGateway } from '../../src/server/yoga.ts';
import { secretsOf, useGateway } from '../support/harness.ts';

const h = useGateway();

beforeEach(() => {
  h.stack.sim.faults.clear();
  h.stack.oktaCalls.reset();
});

/** A gateway over the same simulator through another Okta client (another credential, URL…). */
function gatewayOver(orgUrl: string, apiToken: string) {
  const okta = createOktaClient({ orgUrl, credentials: { apiToken } });
  const gateway = createGateway({
    config: loadConfig({}),
    okta,
    logger: createLogger({ level: 'silent' }),
  });
  return { gateway, close: () => okta.transport.close() };
}

describe('/healthz', () => {
  it('answers 200 while the process is up, without asking Okta', async () => {
    const res = await h.fetch('/healthz');
    expect(res.status).toBe(200);
    expect(h.stack.oktaCalls.total()).toBe(0);
  });
});

describe('/readyz', () => {
  it('answers 200 ready after one authenticated GET /api/v1/users?limit=1', async () => {
    const res = await h.fetch('/readyz');
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({ status: 'ready' });
    expect(h.stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users': 1 });
  });

  it('answers probes within a few seconds of the last one from its cache', async () => {
    const readiness = createReadiness({ okta: h.stack.okta, cacheMs: 5_000 });
    await readiness.check();
    await readiness.check();
    await Promise.all([readiness.check(), readiness.check()]);
    expect(h.stack.oktaCalls.count('GET /api/v1/users')).toBe(1);
  });

  it('asks Okta again once the cached answer is older than the cache time', async () => {
    let now = 1_000_000;
    const readiness = createReadiness({ okta: h.stack.okta, cacheMs: 5_000, now: () => now });
    await readiness.check();
    now += 4_999;
    await readiness.check();
    now += 2;
    await readiness.check();
    expect(h.stack.oktaCalls.count('GET /api/v1/users')).toBe(2);
  });

  it('shares one Okta call between probes that arrive together', async () => {
    const readiness = createReadiness({ okta: h.stack.okta });
    const states = await Promise.all([readiness.check(), readiness.check(), readiness.check()]);
    expect(states.map((s) => s.ready)).toEqual([true, true, true]);
    expect(h.stack.oktaCalls.count('GET /api/v1/users')).toBe(1);
  });

  it('answers 503 with a reason when Okta refuses the credential, naming neither URL nor token', async () => {
    const wrong = gatewayOver(h.stack.sim.url, 'not-the-org-token');
    try {
      const res = await wrong.gateway.fetch('http://gateway.test/readyz');
      const body = await res.text();
      expect(res.status).toBe(503);
      expect(JSON.parse(body)).toEqual({
        status: 'not ready',
        reason: 'Okta refused the gateway credential',
      });
      expect(body).not.toContain(h.stack.sim.url);
      expect(body).not.toContain('not-the-org-token');
    } finally {
      await wrong.close();
    }
  });

  it('answers 503 when Okta cannot be reached', async () => {
    const closedPort = gatewayOver('http://127.0.0.1:9', h.stack.sim.apiToken);
    try {
      const res = await closedPort.gateway.fetch('http://gateway.test/readyz');
      expect(res.status).toBe(503);
      expect(JSON.parse(await res.text())).toEqual({
        status: 'not ready',
        reason: 'Okta could not be reached',
      });
    } finally {
      await closedPort.close();
    }
  });

  it('answers 503 when Okta does not answer within the probe timeout', async () => {
    h.stack.sim.faults.set({ stallMs: 2_000 });
    const readiness = createReadiness({ okta: h.stack.okta, timeoutMs: 300 });
    const started = Date.now();
    expect(await readiness.check()).toMatchObject({
      ready: false,
      reason: 'Okta did not answer in time',
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stays ready when Okta answers 429 for the users bucket', async () => {
    h.stack.sim.faults.set({ rateLimitNext: 5 });
    const readiness = createReadiness({ okta: h.stack.okta, timeoutMs: 500 });
    expect((await readiness.check()).ready).toBe(true);
  });

  it('answers 503 "the gateway is shutting down" once draining, without asking Okta', async () => {
    const readiness = createReadiness({ okta: h.stack.okta });
    readiness.drain();
    expect(await readiness.check()).toMatchObject({
      ready: false,
      reason: 'the gateway is shutting down',
    });
    expect(h.stack.oktaCalls.total()).toBe(0);
  });
});

afterAll(() => {
  h.stack.sim.faults.clear();
});

it('leaves no secret in any response or log line of this file', () => {
  const text = h.transcript.join('\n');
  for (const secret of secretsOf(h)) expect(text).not.toContain(secret);
});
