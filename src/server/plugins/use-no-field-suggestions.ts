import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * graphql-js suggests names ("Did you mean "login"?") in validation and coercion errors, which
 * lets a caller without introspection map the schema. They are dropped outside demo mode (over
 * graphql-ws too: its errors go through `formatError`, see ../format-error.ts).
 */
export function useNoFieldSuggestions(): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || Symbol.asyncIterator in result) return;
      const { errors } = result as ExecutionResult;
      if (!errors?.some((e) => withoutSuggestions(e.message) !== e.message)) return;
      setResult({ ...(result as ExecutionResult), errors: errors.map(withoutFieldSuggestions) });
    },
  };
}

const withoutSuggestions = (message: string) => message.replace(/\s*Did you mean [^?]*\?/g, '');

/** The error without graphql-js's name suggestions. */
export function withoutFieldSuggestions(error: GraphQLError): GraphQLError {
  const message = withoutSuggestions(error.message);
  return message === error.message
    ? error
    : new GraphQLError(message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: error.extensions,
      });
}
