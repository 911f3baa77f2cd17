import {
  type FieldNode,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { OktaScope } from '../caller.ts';
import type { Context } from '../context.ts';
import { isOktaId } from '../okta/expression.ts';
import { OktaApiError, OktaNotFoundError } from '../okta/index.ts';
import { orNull } from './not-found-as-null.ts';

/**
 * One round trip where Okta allows: a field that needs nothing of its parent but the id (a user's
 * groups, an app's users…) starts its Okta call together with the parent's own, when the parent is
 * looked up by an id the caller gave (`user(id)`, `group(id)`, `application(id)`).
 *
 * GraphQL runs a field only once its parent has resolved, and the parent cannot resolve before
 * it knows whether the object exists (the answer is null when it does not). So the parent's
 * resolver looks ahead: it starts the loads of the id-only fields selected under it, then learns
 * existence from whichever call answers it — the object's own fetch when a field needs the object,
 * otherwise a child call whose endpoint answers 404 for a missing parent. The fields' resolvers
 * make the same loader call later and get the promise already under way (DataLoader's cache).
 */
export interface IdOnlyField {
  /** The field's read scope: nothing starts for a caller without it (the field refuses). */
  scope: OktaScope;
  /**
   * Whether the call answers 404 (E0000007) when the parent does not exist, so that its answer
   * says whether the parent exists. Lists filtered by the parent's id (`filter=user.id eq …`)
   * answer an empty list instead, and prove nothing.
   */
  proves: boolean;
  /** The field's load, exactly as its resolver makes it (the same loader and key). */
  start(id: string, args: Record<string, unknown>, ctx: Context): Promise<unknown>;
}

const idOnlyFields = new Map<string, Map<string, IdOnlyField>>();

/** Declare that `typeName.fieldName` needs only its parent's id. */
export function idOnlyField(typeName: string, fieldName: string, field: IdOnlyField): void {
  const fields = idOnlyFields.get(typeName) ?? new Map<string, IdOnlyField>();
  fields.set(fieldName, field);
  idOnlyFields.set(typeName, fields);
}

/**
 * The object with this id, or null when Okta has none; the id-only fields selected under it are
 * started first, in parallel with the object's fetch. When only id-only fields are selected and
 * one of them proves existence, the object is not fetched at all and the answer is a reference
 * that holds only the id (which is all those fields read).
 */
export async function lookUpById<T extends { id: string }>(
  id: string,
  info: GraphQLResolveInfo,
  ctx: Context,
  /** The object's fetch; `selected` names the fields asked for under it. */
  load: (id: string, selected: ReadonlySet<string>) => Promise<T | Error>,
): Promise<T | null> {
  const type = getNamedType(info.returnType);
  // A value that is no Okta id goes to the loader as before (refused, or absent, without a call).
  if (!isObjectType(type) || !isOktaId(id)) return orNull(load(id, new Set()));
  const fields = idOnlyFields.get(type.name);
  const selected = selectedFields(info, type);
  let needsObject = false;
  const proofs: Promise<boolean | undefined>[] = [];
  for (const node of selected) {
    const name = node.name.value;
    if (name === 'id' || name === '__typename') continue;
    const field = fields?.get(name);
    if (!field) {
      needsObject = true;
      continue;
    }
    if (!ctx.caller.has(field.scope)) continue;
    const started = start(field, id, type, node, info, ctx);
    if (!started) continue;
    // The field's own resolver reports its error; the look-ahead only reads existence from it.
    const existence = started.then(
      () => true,
      (error: unknown) => (isNotFound(error) ? false : undefined),
    );
    if (field.proves) proofs.push(existence);
  }
  if (!needsObject && proofs.length > 0) {
    const exists = await firstAnswer(proofs);
    if (exists === false) return null;
    // Only id-only fields are selected, and they read nothing but the id.
    if (exists === true) return { id } as T;
    // Every proving call failed otherwise (a 403, a 5xx): the object's own fetch decides.
  }
  return orNull(load(id, new Set(selected.map((node) => node.name.value))));
}

/**
 * `node(id)`: the id-only fields selected under the type the id names start together with the
 * node's own fetch, as they do under `user(id)`. The node is fetched whatever is selected (it
 * answers `__typename`); should it turn out missing, what was started is left unread.
 */
export function startIdOnlyFields(
  id: string,
  typeName: string,
  info: GraphQLResolveInfo,
  ctx: Context,
): void {
  const fields = idOnlyFields.get(typeName);
  const type = info.schema.getType(typeName);
  if (!fields || !isObjectType(type)) return;
  for (const node of selectedFields(info, type)) {
    const field = fields.get(node.name.value);
    if (!field || !ctx.caller.has(field.scope)) continue;
    // The field's resolver makes the same load and reports its failure; none is unhandled here.
    start(field, id, type, node, info, ctx)?.catch(() => undefined);
  }
}

/** Start one field's load, with its arguments as GraphQL coerces them; none when they are wrong. */
function start(
  field: IdOnlyField,
  id: string,
  type: GraphQLObjectType,
  node: FieldNode,
  info: GraphQLResolveInfo,
  ctx: Context,
): Promise<unknown> | undefined {
  const definition = type.getFields()[node.name.value];
  if (!definition) return undefined;
  try {
    return field.start(id, getArgumentValues(definition, node, info.variableValues), ctx);
  } catch {
    // Arguments the field's resolver refuses: it reports them itself, with no call.
    return undefined;
  }
}

/** Okta's 404 E0000007 for the parent in the child's path, or a lookup that found nothing. */
const isNotFound = (error: unknown) =>
  error instanceof OktaNotFoundError ||
  (error instanceof OktaApiError && error.status === 404 && error.oktaCode === 'E0000007');

/** The first of the answers that is true or false; undefined when none is. */
function firstAnswer(answers: Promise<boolean | undefined>[]): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    let pending = answers.length;
    for (const answer of answers) {
      void answer.then((value) => {
        pending -= 1;
        if (value !== undefined || pending === 0) resolve(value);
      });
    }
  });
}

/**
 * The fields selected on the object the field resolves to, through fragments and the `@skip` and
 * `@include` directives, as GraphQL will execute them (one node per response key).
 */
function selectedFields(info: GraphQLResolveInfo, type: GraphQLObjectType): FieldNode[] {
  const byKey = new Map<string, FieldNode>();
  const visited = new Set<string>();
  const included = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
  const applies = (typeName: string | undefined) => {
    if (!typeName) return true;
    const condition = info.schema.getType(typeName);
    return (
      condition === type || (isAbstractType(condition) && info.schema.isSubType(condition, type))
    );
  };
  const walk = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!byKey.has(key)) byKey.set(key, selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) walk(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (visited.has(name) || !fragment) continue;
        visited.add(name);
        if (applies(fragment.typeCondition.name.value)) walk(fragment.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return [...byKey.values()];
}
