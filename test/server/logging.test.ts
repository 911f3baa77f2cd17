import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { OktaNotFoundError } from '../../src/okta/index.ts';
import { createLogger, REDACTED, yogaLogger } from '../../src/server/logger.ts';
import { createGateway } from '../../src/server/yoga.ts';
import { secretsOf, useGateway } from '../support/harness.ts';

const h = useGateway();

beforeEach(() => {
  h.logs.length = 0;
});

const requestLines = () => h.logs.filter((l) => l.msg === 'request');

describe('the request log', () => {
  it('writes one JSON line per request with method, path, status, duration, operation and request id', async () => {
    const res = await h.graphql('query OneGroup { groups(first: 1) { nodes { id } } }');
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(Object.keys(line ?? {}).sort()).toEqual(
      [
        'durationMs',
        'level',
        'method',
        'msg',
        'operationName',
        'outcome',
        'path',
        'requestId',
        'status',
        'time',
      ].sort(),
    );
    expect(line).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'OneGroup',
      outcome: 'success',
      requestId: res.headers.get('x-request-id'),
    });
    expect(line?.durationMs).toBeTypeOf('number');
  });

  it("keeps a caller's x-request-id", async () => {
    const res = await h.graphql('{ __typename }', undefined, { 'x-request-id': 'helpdesk-42.a' });
    expect(res.headers.get('x-request-id')).toBe('helpdesk-42.a');
    expect(requestLines()[0]?.requestId).toBe('helpdesk-42.a');
  });

  it('replaces an x-request-id that is not a plain token with a fresh one', async () => {
    const res = await h.graphql('{ __typename }', undefined, { 'x-request-id': 'a b"c' });
    expect(res.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('logs neither the Authorization header nor variables nor the query string', async () => {
    const secret = 'Sup3r-Secret-Pa55word';
    await h.graphql(
      'query Lookup($login: String!) { user(login: $login) { id } }',
      { login: secret },
      { authorization: `SSWS ${secret}` },
    );
    await h.fetch(
      `/graphql?query=${encodeURIComponent('query Q($p: String) { __typename }')}&variables=${encodeURIComponent(JSON.stringify({ p: secret }))}`,
      { headers: { accept: 'application/json', 'x-graphql-client-name': 'test' } },
    );
    const lines = requestLines();
    expect(lines.map((l) => l.path)).toEqual(['/graphql', '/graphql']);
    expect(JSON.stringify(h.logs)).not.toContain(secret);
  });

  it('logs a GraphiQL page or a CORS preflight too, without operation fields', async () => {
    await h.fetch('/graphql', { headers: { accept: 'text/html' } });
    await h.fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(requestLines()).toEqual([
      expect.objectContaining({ level: 'info', method: 'GET', path: '/graphql', status: 200 }),
      expect.objectContaining({ level: 'info', method: 'OPTIONS', path: '/graphql', status: 204 }),
    ]);
    expect(requestLines()[0]).not.toHaveProperty('operationName');
  });

  it('logs health probes and metric scrapes at debug', async () => {
    await h.fetch('/healthz');
    await h.fetch('/metrics');
    expect(requestLines().map((l) => [l.level, l.path, l.status])).toEqual([
      ['debug', '/healthz', 200],
      ['debug', '/metrics', 200],
    ]);
  });

  it('keeps an Okta error the client got as a typed error at debug, not error', async () => {
    await h.graphql('{ user(login: "nobody@acme.example") { id } }');
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('LOG_LEVEL', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['info', 1],
    ['warn', 0],
    ['silent', 0],
  ])('at %s writes %i request line(s) to stdout', async (level, count) => {
    const gateway = createGateway({
      config: loadConfig({ LOG_LEVEL: level }),
      okta: h.stack.okta,
    });
    await gateway.fetch('http://gateway.test/graphql?query=%7B__typename%7D', {
      headers: { 'x-graphql-client-name': 'test' },
    });
    vi.restoreAllMocks();
    expect(written.filter((l) => l.includes('"msg":"request"'))).toHaveLength(count);
  });
});

describe('the logger', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l)) });
    return { lines, logger };
  };

  it('replaces fields named like credentials', () => {
    const { lines, logger } = capture();
    logger.info('x', {
      authorization: 'Bearer abc',
      headers: { Cookie: 'sid=1', 'x-api-key': 'k' },
      clientSecret: 's',
      password: 'p',
      maxTokens: 1000,
    });
    expect(lines[0]).toMatchObject({
      authorization: REDACTED,
      headers: { Cookie: REDACTED, 'x-api-key': REDACTED },
      clientSecret: REDACTED,
      password: REDACTED,
      maxTokens: 1000,
    });
  });

  it('replaces a JWT, an SSWS token or a bearer credential inside any text', () => {
    const { lines, logger } = capture();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    logger.warn(`refused ${jwt}`, { detail: 'sent SSWS 00abcDEF_ghi-123 then Bearer xyz.abc' });
    expect(lines[0]).toMatchObject({
      msg: `refused ${REDACTED}`,
      detail: `sent ${REDACTED} then ${REDACTED}`,
    });
  });

  it('writes an error as its name, code and message', () => {
    const { lines, logger } = capture();
    logger.error('lookup failed', { error: new OktaNotFoundError('User', '00u1') });
    expect(lines[0]?.error).toEqual({
      name: 'OktaNotFoundError',
      message: 'User not found: 00u1',
      code: 'OKTA_ERR_NOT_FOUND',
    });
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['w', 'e']);
  });

  it("logs yoga's masked Okta errors at debug and anything else at error", () => {
    const { lines, logger } = capture();
    const yoga = yogaLogger(logger);
    yoga.error(new OktaNotFoundError('Group', '00g1'));
    yoga.error(new TypeError('cannot read properties of undefined'));
    expect(lines.map((l) => [l.level, (l.error as { name: string }).name])).toEqual([
      ['debug', 'OktaNotFoundError'],
      ['error', 'TypeError'],
    ]);
  });
});

it('leaves no secret in any response or log line of this file', () => {
  const text = h.transcript.join('\n');
  for (const secret of secretsOf(h)) expect(text).not.toContain(secret);
});
