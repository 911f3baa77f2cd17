import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { OperationTimeoutError } from '../../schema/graphql-errors.ts';
import type { RequestLedger } from '../request-ledger.ts';

/**
 * At the operation's deadline the client gets one clear `OPERATION_TIMEOUT` error, and the Okta
 * calls still in flight are cancelled (they share the deadline and the signal set in the
 * context, see use-request-context.ts), rather than the client waiting on whatever resolvers
 * remain.
 */
export function useOperationTimeout(requests: RequestLedger, timeoutMs: number): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const record = requests.get((args.contextValue as { request?: Request }).request);
      const deadline = record?.deadline;
      const timeout = record?.timeout;
      if (deadline === undefined || !timeout) return;
      setExecuteFn((executeArgs) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const expired = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(
            () => {
              const error = new OperationTimeoutError(timeoutMs);
              timeout.abort(error);
              resolve({ errors: [error] });
            },
            Math.max(0, deadline - Date.now()),
          );
        });
        // Okta calls share the deadline, so a call can fail a moment before this timer fires:
        // a result that settles at or after the deadline is the operation timing out, too.
        const executed = Promise.resolve(executeFn(executeArgs)).then((result) => {
          clearTimeout(timer);
          return Date.now() >= deadline
            ? { errors: [new OperationTimeoutError(timeoutMs)] }
            : result;
        });
        return Promise.race([executed, expired]) as ReturnType<typeof executeFn>;
      });
    },
  };
}
