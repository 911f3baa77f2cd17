import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../../caller.ts';
import { UnauthenticatedError } from '../../schema/graphql-errors.ts';
import { CallerAuthError } from '../auth.ts';

/**
 * Who is calling, from the request's `Authorization` header, before anything else of the request
 * is built: the context gets `caller`, or the request is answered 401 with the token's problem in
 * a `WWW-Authenticate` challenge (never the token). graphql-ws builds its context through the
 * same hook (see ws.ts), so a WebSocket is authenticated the same way.
 */
export function useCallerAuth(
  authenticate: (authorization: string | null) => Promise<Caller>,
): Plugin<{ caller: Caller }> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const { request } = context as unknown as { request: Request };
      let caller: Caller;
      try {
        caller = await authenticate(request.headers.get('authorization'));
      } catch (error) {
        if (error instanceof CallerAuthError) {
          throw new UnauthenticatedError(error.reason, error.challenge);
        }
        throw error;
      }
      extendContext({ caller });
    },
  };
}
