import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type SelectionSetNode,
  type Source,
  type ValidationContext,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { LimitsConfig } from '../../config.ts';
import { LimitExceededError } from '../../schema/graphql-errors.ts';

/** The introspection query GraphiQL sends is larger than any limit meant for data queries. */
function isIntrospectionOnly(document: DocumentNode): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return (
    operations.length > 0 &&
    operations.every((op) =>
      op.selectionSet.selections.every(
        (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
      ),
    )
  );
}

function depthOf(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  let max = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection fields do not count: GraphiQL's schema query nests `ofType` deeply.
      if (selection.name.value.startsWith('__')) continue;
      const below = selection.selectionSet
        ? depthOf(selection.selectionSet, fragments, visiting)
        : 0;
      max = Math.max(max, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // cycles are reported by graphql's own rules
      visiting.add(name);
      max = Math.max(max, depthOf(fragment.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return max;
}

/** Refuses operations nested deeper than `maxDepth` fields (fragments expanded). */
export function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((f) => [f.name.value, f]),
    );
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new LimitExceededError(`Query depth ${depth} exceeds the maximum of ${maxDepth}.`),
          );
        }
      },
    };
  };
}

/** Refuses documents with more than `maxAliases` aliased fields. */
export function maxAliasesRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) {
            context.reportError(
              new LimitExceededError(
                `The document has ${aliases} aliases; at most ${maxAliases} are allowed.`,
              ),
            );
          }
        },
      },
    };
  };
}

/**
 * Depth, alias, token and document-size limits (GraphQL Armor's defaults or stricter). The
 * introspection query is exempt from the token and size limits, so GraphiQL can load the schema.
 */
export function useOperationLimits(limits: LimitsConfig): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source: string | Source, options) => {
        const text = typeof source === 'string' ? source : source.body;
        const tooLong = text.length > limits.maxDocumentChars;
        if (!tooLong) {
          try {
            return parseFn(source, { ...options, maxTokens: limits.maxTokens });
          } catch (error) {
            // graphql-js words it "more that N tokens"; accept the corrected wording too.
            const tokenLimit = /Document contains more th(?:at|an) \d+ tokens/;
            if (!(error instanceof Error && tokenLimit.test(error.message))) throw error;
          }
        }
        // Over a limit: only an introspection-only document may pass, itself bounded.
        let document: DocumentNode | undefined;
        if (text.length <= limits.maxDocumentChars * 10) {
          try {
            document = parseFn(source, { ...options, maxTokens: limits.maxTokens * 10 });
          } catch {
            document = undefined;
          }
        }
        if (document && isIntrospectionOnly(document)) return document;
        throw tooLong
          ? new LimitExceededError(
              `The document has ${text.length} characters; at most ${limits.maxDocumentChars} are allowed.`,
            )
          : new LimitExceededError(`The document has more than ${limits.maxTokens} tokens.`);
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(maxDepthRule(limits.maxDepth));
      addValidationRule(maxAliasesRule(limits.maxAliases));
    },
  };
}
