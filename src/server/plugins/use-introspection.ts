import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Introspection is on in demo mode, and elsewhere only when configured (GRAPHQL_INTROSPECTION);
 * when off, graphql-js's own rule refuses it in validation (`__typename` still answers).
 */
export function useIntrospection(allowed: boolean): Plugin {
  return allowed
    ? {}
    : {
        onValidate({ addValidationRule }) {
          addValidationRule(NoSchemaIntrospectionCustomRule);
        },
      };
}
