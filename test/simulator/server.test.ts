import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';

describe('simulator HTTP surface', () => {
  const h = useSimulator({ size: 'empty' });

  it('answers an unknown path with Okta 404 E0000008 and an X-Okta-Request-Id', async () => {
    const res = await h.api<{ errorCode: string; errorSummary: string }>('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000008');
    expect(res.body.errorSummary).toBe('The requested path was not found');
    expect(res.headers.get('x-okta-request-id')).toMatch(/^[\w-]{20}$/);
  });

  it('counts served requests by route template', async () => {
    h.sim.requests.reset();
    await h.api('GET', '/api/v1/nope');
    expect(h.sim.requests.count('GET /api/v1/nope')).toBe(1);
  });
});
