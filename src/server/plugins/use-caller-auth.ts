import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../../caller.ts';
import { UnauthenticatedError } from '../../schema/graphql-errors.ts';
import { CallerAuthError } from '../auth.ts';

/**
 * Who is calling, from the request's `Authorization` header, before anything else of the request
 * is read: an HTTP request is authenticated once yoga has read its body, before its document is
 * parsed or validated (a document is only parsed for a known caller), and the context gets `caller`; a
 * request without one is answered 401 with the token's problem in a `WWW-Authenticate` challenge
 * (never the token). graphql-ws builds its context without the HTTP hooks (see ws.ts), so an
 * operation on a WebSocket is authenticated when its context is built, the same way.
 */
export function useCallerAuth(
  authenticate: (authorization: string | null) => Promise<Caller>,
): Plugin<{ caller: Caller }> {
  const callers = new WeakMap<Request, Caller>();
  const callerOf = async (request: Request): Promise<Caller> => {
    try {
      return await authenticate(request.headers.get('authorization'));
    } catch (error) {
      if (error instanceof CallerAuthError) {
        throw new UnauthenticatedError(error.reason, error.challenge);
      }
      throw error;
    }
  };
  return {
    // After the HTTP body is read into params, before yoga parses or validates the document.
    async onParams({ request, setResult }) {
      try {
        callers.set(request, await callerOf(request));
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        setResult({ errors: [error] });
      }
    },
    async onContextBuilding({ context, extendContext }) {
      const { request } = context as unknown as { request: Request };
      extendContext({ caller: callers.get(request) ?? (await callerOf(request)) });
    },
  };
}
