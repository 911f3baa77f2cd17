import { describe, expect, it } from 'vitest';
import {
  OktaApiError,
  OktaAuthError,
  OktaNetworkError,
  OktaTimeoutError,
} from '../../src/okta/errors.ts';
import { apiError, failureError, failureKind, neverSent } from '../../src/okta/failures.ts';

const coded = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });

describe('failureKind', () => {
  it("sorts undici's and Node's error codes into what happened on the wire", () => {
    expect(failureKind(coded('ECONNREFUSED'), false)).toBe('refused');
    expect(failureKind(coded('UND_ERR_CONNECT_TIMEOUT'), false)).toBe('connect-timeout');
    expect(failureKind(coded('ENOTFOUND'), false)).toBe('dns');
    expect(failureKind(coded('UND_ERR_HEADERS_TIMEOUT'), false)).toBe('headers-timeout');
    expect(failureKind(coded('UND_ERR_BODY_TIMEOUT'), false)).toBe('body-timeout');
    expect(failureKind(coded('MALFORMED'), false)).toBe('malformed');
    expect(failureKind(new Error('socket hang up'), false)).toBe('reset');
  });

  it("looks past undici's abort into the cause, and calls our own abort the deadline", () => {
    expect(failureKind(coded('UND_ERR_ABORTED', coded('ECONNREFUSED')), false)).toBe('refused');
    expect(failureKind(coded('ECONNREFUSED'), true)).toBe('deadline');
  });

  it('says which failures Okta cannot have seen', () => {
    expect(neverSent('refused')).toBe(true);
    expect(neverSent('connect-timeout')).toBe(true);
    expect(neverSent('reset')).toBe(false);
    expect(neverSent('headers-timeout')).toBe(false);
  });
});

describe('failureError', () => {
  it('speaks of timeouts by phase and of other failures by reason', () => {
    expect(failureError('headers-timeout', true)).toEqual(new OktaTimeoutError('headers', true));
    expect(failureError('reset', false)).toBeInstanceOf(OktaNetworkError);
    expect(failureError('reset', false)).toMatchObject({ reason: 'connection reset' });
  });
});

describe('apiError', () => {
  const redact = (text: string) => text.replaceAll('s3cret-token', '[REDACTED]');

  it("reads Okta's error body, secrets redacted", () => {
    const error = apiError(
      {
        status: 400,
        headers: { 'x-okta-request-id': 'req1' },
        linkLines: [],
        body: {
          errorCode: 'E0000001',
          errorSummary: 'Api validation failed: s3cret-token',
          errorId: 'oae1',
          errorCauses: [{ errorSummary: 'login: s3cret-token' }],
        },
      },
      false,
      redact,
    );
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toMatchObject({
      status: 400,
      oktaCode: 'E0000001',
      summary: 'Api validation failed: [REDACTED]',
      causes: ['login: [REDACTED]'],
      errorId: 'oae1',
      requestId: 'req1',
      outcomeUnknown: false,
    });
  });

  it('turns a 401 into OktaAuthError', () => {
    const error = apiError(
      { status: 401, headers: {}, linkLines: [], body: undefined },
      false,
      redact,
    );
    expect(error).toBeInstanceOf(OktaAuthError);
    expect(error).toMatchObject({ status: 401 });
  });
});
