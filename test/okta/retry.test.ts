import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { OktaApiError, OktaNetworkError, OktaTimeoutError } from '../../src/okta/errors.ts';
import type { OktaCallRecord } from '../../src/okta/http.ts';
import { createOktaTransport } from '../../src/okta/transport.ts';
import { createUser, newUser, rejectionOf, simulatorFor, transportFor } from './support.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OktaTransport against the simulator: retries', () => {
  const ctx = simulatorFor({ size: 'empty' });

  it('retries a GET answered 500 and returns the answer', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 2, status: 500 } });
    const res = await transport.request({ method: 'GET', path: '/api/v1/users' });
    expect(res.status).toBe(200);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(3);
  });

  it('gives up a GET after two retries with the 5xx as OktaApiError', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 3, status: 502 } });
    const error = await rejectionOf(transport.request({ method: 'GET', path: '/api/v1/users' }));
    expect(error).toMatchObject({ status: 502, oktaCode: 'E0000009', outcomeUnknown: false });
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(3);
  });

  it('never repeats a create answered 500 and says its outcome is unknown', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 1, status: 500 } });
    const error = await rejectionOf(createUser(transport));
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('POST /api/v1/users')).toBe(1);
  });

  it('sends a create again after a 503, which Okta turned away', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 1, status: 503 } });
    const before = ctx.h.sim.org.users.size;
    await createUser(transport);
    expect(ctx.h.sim.requests.count('POST /api/v1/users')).toBe(2);
    expect(ctx.h.sim.org.users.size).toBe(before + 1);
  });

  it('retries a GET whose connection was reset', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const res = await transport.request({ method: 'GET', path: '/api/v1/users' });
    expect(res.status).toBe(200);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(2);
  });

  it('never repeats a create whose connection was reset and says its outcome is unknown', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const error = await rejectionOf(createUser(transport));
    expect(error).toBeInstanceOf(OktaNetworkError);
    expect(error).toMatchObject({ reason: 'connection reset', outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('POST /api/v1/users')).toBe(1);
  });

  it('never repeats a lifecycle transition whose connection was reset', async () => {
    const { transport } = transportFor(ctx.h);
    const user = await createUser(transport);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const error = await rejectionOf(
      transport.request({ method: 'POST', path: `/api/v1/users/${user.id}/lifecycle/activate` }),
    );
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('POST /api/v1/users/:userId/lifecycle/activate')).toBe(1);
  });

  it('never repeats a DELETE whose connection was reset', async () => {
    const { transport } = transportFor(ctx.h);
    const user = await createUser(transport);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const error = await rejectionOf(
      transport.request({ method: 'DELETE', path: `/api/v1/users/${user.id}` }),
    );
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('DELETE /api/v1/users/:userId')).toBe(1);
  });

  it('retries a create whose connection was refused, which Okta never saw', async () => {
    const orgUrl = `http://127.0.0.1:${await closedPort()}`;
    const records: OktaCallRecord[] = [];
    const transport = createOktaTransport({
      orgUrl,
      credentials: { apiToken: 'unused-token-0123456789' },
      retry: { baseDelayMs: 10, maxDelayMs: 20 },
      onCall: (r) => records.push(r),
    });
    const error = await rejectionOf(
      transport.request({ method: 'POST', path: '/api/v1/users', body: newUser() }),
    );
    expect(error).toBeInstanceOf(OktaNetworkError);
    expect(error).toMatchObject({ reason: 'connection refused', outcomeUnknown: false });
    expect(records.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
    ]);
    await transport.close();
  });
});

describe('OktaTransport against the simulator: timeouts', () => {
  // undici checks its header and body timers about once a second, so stalls here last longer.
  const ctx = simulatorFor({ size: 'empty' });

  it('retries a GET that got no headers in time, then reports OktaTimeoutError(headers)', async () => {
    const { transport, records } = transportFor(ctx.h, { timeouts: { headersMs: 100 } });
    ctx.h.sim.faults.set({ stallMs: 1500 });
    const error = await rejectionOf(transport.request({ method: 'GET', path: '/api/v1/users' }));
    expect(error).toBeInstanceOf(OktaTimeoutError);
    expect(error).toMatchObject({ phase: 'headers', outcomeUnknown: false });
    expect((error as Error).message).toBe('Okta request timed out (headers)');
    expect(records.map((r) => r.status)).toEqual(['error', 'error', 'error']);
  });

  it('sends a stalled create once and says its outcome is unknown', async () => {
    const { transport, records } = transportFor(ctx.h, { timeouts: { headersMs: 100 } });
    ctx.h.sim.faults.set({ stallMs: 1500 });
    const error = await rejectionOf(createUser(transport));
    expect(error).toMatchObject({ phase: 'headers', outcomeUnknown: true });
    expect((error as Error).message).toBe(
      'Okta request timed out (headers); the write may or may not have been applied',
    );
    expect(records).toHaveLength(1);
  });

  it('recovers a GET whose first attempt stalled', async () => {
    const { transport, records } = transportFor(ctx.h, { timeouts: { headersMs: 100 } });
    ctx.h.sim.faults.set({ stallMs: 1500 });
    setTimeout(() => ctx.h.sim.faults.set({ stallMs: 0 }), 50);
    const res = await transport.request({ method: 'GET', path: '/api/v1/users' });
    expect(res.status).toBe(200);
    expect(records.map((r) => r.status)).toEqual(['error', 200]);
  });

  it('reports a body that stalls as OktaTimeoutError(body)', async () => {
    const { transport } = transportFor(ctx.h, {
      timeouts: { bodyMs: 100 },
      retry: { maxRetries: 0 },
    });
    ctx.h.sim.faults.set({ slowBodyMs: 1500 });
    const error = await rejectionOf(transport.request({ method: 'GET', path: '/api/v1/users' }));
    expect(error).toMatchObject({ phase: 'body', outcomeUnknown: false });
  });

  it("stops at the caller's deadline however long the timeouts are", async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ stallMs: 2000 });
    const started = Date.now();
    const error = await rejectionOf(
      transport.request({ method: 'GET', path: '/api/v1/users', deadline: Date.now() + 300 }),
    );
    expect(error).toMatchObject({ phase: 'deadline', outcomeUnknown: false });
    expect(Date.now() - started).toBeLessThan(600);
  });
});
