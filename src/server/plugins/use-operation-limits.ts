import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
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

/** Fields of a Relay connection or edge that only wrap what the connection returns. */
const CONNECTION_WRAPPERS = new Set(['nodes', 'edges', 'node', 'pageInfo']);
const isWrapper = (parent: GraphQLNamedType | undefined, field: string) =>
  CONNECTION_WRAPPERS.has(field) && /(?:Connection|Edge)$/.test(parent?.name ?? '');

/**
 * The depth of a selection on `parent`, fragments expanded, each fragment measured once
 * (`depths`): linear in the document however often its fragments spread one another. GraphQL
 * Armor's max-depth walks a fragment again at every spread, which a chain of fragments each
 * spreading the next twice makes exponential; and it counts a connection's wrappers as levels.
 */
function depthOf(
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  depths: Map<string, number>,
): number {
  let max = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection fields do not count: GraphiQL's schema query nests `ofType` deeply.
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const type = fields[name] ? getNamedType(fields[name].type) : undefined;
      const below = selection.selectionSet
        ? depthOf(selection.selectionSet, type, schema, fragments, depths)
        : 0;
      max = Math.max(max, (isWrapper(parent, name) ? 0 : 1) + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition
        ? schema.getType(selection.typeCondition.name.value)
        : parent;
      max = Math.max(
        max,
        depthOf(selection.selectionSet, on ?? undefined, schema, fragments, depths),
      );
    } else {
      const name = selection.name.value;
      let depth = depths.get(name);
      if (depth === undefined) {
        const fragment = fragments.get(name);
        // A cycle meets its own 0 while being measured; graphql's own rules report it.
        depths.set(name, 0);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        depth = fragment
          ? depthOf(fragment.selectionSet, on ?? undefined, schema, fragments, depths)
          : 0;
        depths.set(name, depth);
      }
      max = Math.max(max, depth);
    }
  }
  return max;
}

/** Refuses operations nested deeper than `maxDepth` fields (fragments expanded, wrappers not counted). */
export function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((f) => [f.name.value, f]),
    );
    const depths = new Map<string, number>();
    return {
      OperationDefinition(operation) {
        const schema = context.getSchema();
        const root =
          operation.operation === 'mutation'
            ? schema.getMutationType()
            : operation.operation === 'subscription'
              ? schema.getSubscriptionType()
              : schema.getQueryType();
        const depth = depthOf(operation.selectionSet, root ?? undefined, schema, fragments, depths);
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
 * The document's structural limits, each linear in the document: depth (a cheap guard; what an
 * operation may cost Okta is its plan, use-okta-plan.ts), aliases, tokens (graphql-js's own
 * parser limit) and size, at GraphQL Armor's defaults or stricter. The introspection query is
 * exempt from the token and size limits, so GraphiQL can load the schema. Hand-written rather
 * than GraphQL Armor's plugins: its max-depth and max-directives walk a fragment again at every
 * spread (exponential on a chain of fragments spreading the next twice, and unbounded on a
 * cycle, which validation reports only in the same pass), max-aliases counts none inside
 * fragments, and these answer with the gateway's LIMIT_EXCEEDED and the introspection exemption.
 * Directives need no limit of their own: graphql's rules allow each of `@skip`/`@include` once
 * per location, and the token limit bounds the locations.
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
