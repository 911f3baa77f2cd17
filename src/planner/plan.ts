/**
 * The Okta plan of an operation: before it runs, the most Okta calls it can make, per
 * rate-limit bucket, from its selection, arguments and variables. It walks the operation once,
 * multiplying list sizes (`first`, or the connection's default page) down the tree and asking
 * FIELD_COSTS what each field costs for that many parents (a mutation: its row of
 * src/schema/mutation-operations.ts, for its arguments and what it asks of its payload). Each fragment is measured once per
 * parent count (memoised), and a fragment spread twice in one selection runs once, as GraphQL
 * merges it: the walk is linear in the document, whatever its fragments multiply to.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromAST,
  valueFromASTUntyped,
} from 'graphql';
import type { OktaBucket } from '../okta-reference/rate-limit-buckets.ts';
import {
  type Args,
  type Calls,
  DEFAULT_LIST_SIZE,
  FIELD_COSTS,
  LIST_SIZES,
  mutationCalls,
  type OrgSizes,
} from './costs.ts';

export type { Calls, OrgSizes } from './costs.ts';

/** Items a connection returns without `first` (src/schema/connection.ts's DEFAULT_FIRST). */
export const DEFAULT_PAGE = 20;

/** Wrappers of a Relay connection: they pass their parent's items through. */
const CONNECTION_WRAPPERS = new Set(['nodes', 'edges', 'node']);

export interface OperationPlan {
  /** The most Okta calls per bucket (buckets with none left out). */
  calls: Calls;
  /** Their sum. */
  total: number;
  /** Org sizes that would bound this plan lower, had the planner known them. */
  wouldUse: Set<keyof OrgSizes>;
}

/** Sums of calls, bucket by bucket. */
export function addCalls(into: Calls, more: Calls, times = 1): Calls {
  for (const [bucket, n] of Object.entries(more) as [OktaBucket, number][]) {
    if (n > 0) into[bucket] = (into[bucket] ?? 0) + n * times;
  }
  return into;
}

export const totalOf = (calls: Calls): number =>
  Object.values(calls).reduce((sum, n) => sum + (n ?? 0), 0);

/** The operation a request runs: by name, or the only one. */
export function operationOf(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((op) => op.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * The plan of one operation of a validated document. Subscriptions plan as nothing here: their
 * replay reads until it catches up with the log, which no argument bounds (they are governed by
 * their own lifetime instead).
 */
export function planOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: {
    operationName?: string | null;
    variables?: Readonly<Record<string, unknown>>;
    org?: OrgSizes;
  } = {},
): OperationPlan {
  const operation = operationOf(document, options.operationName);
  const calls: Calls = {};
  const wouldUse = new Set<keyof OrgSizes>();
  if (!operation || operation.operation === 'subscription') return { calls, total: 0, wouldUse };
  const root =
    operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return { calls, total: 0, wouldUse };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const walker = new Walker(schema, fragments, options.variables ?? {}, operation, {
    org: options.org ?? {},
    wouldUse,
  });
  addCalls(
    calls,
    walker.selection(root, operation.selectionSet, 1, operation.operation === 'mutation'),
  );
  return { calls, total: totalOf(calls), wouldUse };
}

class Walker {
  /** Each fragment's calls per parent type and count: measured once. */
  private readonly memo = new Map<string, Calls>();
  private readonly defaults: Record<string, unknown> = {};

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Readonly<Record<string, unknown>>,
    operation: OperationDefinitionNode,
    private readonly sizes: { org: OrgSizes; wouldUse: Set<keyof OrgSizes> },
  ) {
    for (const v of operation.variableDefinitions ?? []) {
      if (v.defaultValue && !(v.variable.name.value in variables)) {
        this.defaults[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
      }
    }
  }

  /**
   * The calls of a selection on `parents` objects of `type`, which arrive in at most `arrivals`
   * groups (one per Okta answer that listed them).
   */
  selection(
    type: GraphQLNamedType,
    set: SelectionSetNode,
    parents: number,
    isRoot = false,
    arrivals = 1,
  ): Calls {
    const calls: Calls = {};
    const spread = new Set<string>();
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        addCalls(calls, this.field(type, s, parents, isRoot, arrivals));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? this.schema.getType(s.typeCondition.name.value) : type;
        addCalls(calls, this.selection(on ?? type, s.selectionSet, parents, isRoot, arrivals));
      } else if (!spread.has(s.name.value)) {
        // A fragment spread twice in one selection is merged by GraphQL: it runs once.
        spread.add(s.name.value);
        addCalls(calls, this.fragment(type, s.name.value, parents, isRoot, arrivals));
      }
    }
    return calls;
  }

  private fragment(
    type: GraphQLNamedType,
    name: string,
    parents: number,
    isRoot: boolean,
    arrivals: number,
  ): Calls {
    const fragment = this.fragments.get(name);
    if (!fragment) return {};
    const on = this.schema.getType(fragment.typeCondition.name.value) ?? type;
    const key = `${name}\u0000${on.name}\u0000${parents}\u0000${isRoot}\u0000${arrivals}`;
    const known = this.memo.get(key);
    if (known) return known;
    // A cycle (invalid, refused by validation) counts nothing rather than recursing.
    this.memo.set(key, {});
    const calls = this.selection(on, fragment.selectionSet, parents, isRoot, arrivals);
    this.memo.set(key, calls);
    return calls;
  }

  private field(
    parent: GraphQLNamedType,
    node: FieldNode,
    parents: number,
    isRoot: boolean,
    arrivals: number,
  ): Calls {
    const name = node.name.value;
    // An interface's own fields (`Node.id`, `Error.message`) read the object; what reaches Okta
    // is planned on the types its fragments name.
    if (name.startsWith('__') || !isObjectType(parent)) return {};
    const def = parent.getFields()[name];
    if (!def) return {};
    const args = this.args(def, node);
    const calls: Calls = {};
    const mutation = isRoot ? mutationCalls(name, args, this.payloadFields(def, node)) : undefined;
    const cost = mutation ? undefined : FIELD_COSTS[`${parent.name}.${name}`];
    if (mutation) addCalls(calls, mutation);
    if (cost) {
      addCalls(calls, cost.calls(args, parents, this.sizes.org, arrivals));
      const kind = cost.perDistinct;
      if (kind && parents > 1 && this.sizes.org[kind] === undefined) this.sizes.wouldUse.add(kind);
    }
    if (!node.selectionSet) return calls;
    const type = getNamedType(def.type);
    const items = parents * this.fanOut(parent.name, def, args);
    // What a field reads from Okta arrives apart for each parent; what it reads from its parent's
    // object arrives with the parent.
    const apart = Math.max(1, Math.min(items, cost || mutation ? parents : arrivals));
    return addCalls(calls, this.selection(type, node.selectionSet, items, false, apart));
  }

  /**
   * The fields a mutation's selection asks of its payload (the member of its result union that is
   * no Error), through the inline fragments and fragment spreads that apply to it: a read of the
   * payload's object after the write is planned only when its field is asked for.
   */
  private payloadFields(def: GraphQLField<unknown, unknown>, node: FieldNode): Set<string> {
    const fields = new Set<string>();
    const result = getNamedType(def.type);
    const payload = isUnionType(result)
      ? result.getTypes().find((t) => !t.getInterfaces().some((i) => i.name === 'Error'))
      : result;
    if (!payload || !node.selectionSet) return fields;
    const spread = new Set<string>();
    const visit = (set: SelectionSetNode) => {
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) {
          fields.add(s.name.value);
          continue;
        }
        if (s.kind === Kind.FRAGMENT_SPREAD) {
          if (spread.has(s.name.value)) continue;
          spread.add(s.name.value);
        }
        const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : this.fragments.get(s.name.value);
        if (!fragment) continue;
        const on = fragment.typeCondition
          ? this.schema.getType(fragment.typeCondition.name.value)
          : result;
        const applies =
          on === payload ||
          (on !== undefined &&
            on !== null &&
            isAbstractType(on) &&
            isObjectType(payload) &&
            this.schema.isSubType(on, payload));
        if (applies) visit(fragment.selectionSet);
      }
    };
    visit(node.selectionSet);
    return fields;
  }

  /** Items each parent gets from the field: a page for a connection, one for an object. */
  private fanOut(parent: string, def: GraphQLField<unknown, unknown>, args: Args): number {
    if ('first' in args || def.args.some((a) => a.name === 'first')) {
      const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
      return Math.max(0, first);
    }
    if (CONNECTION_WRAPPERS.has(def.name)) return 1;
    if (isListType(getNullableType(def.type))) {
      return LIST_SIZES[`${parent}.${def.name}`] ?? DEFAULT_LIST_SIZE;
    }
    return 1;
  }

  private args(def: GraphQLField<unknown, unknown>, node: FieldNode): Args {
    const values: Record<string, unknown> = {};
    for (const arg of node.arguments ?? []) {
      const argDef = def.args.find((a) => a.name === arg.name.value);
      if (!argDef) continue;
      if (arg.value.kind === Kind.VARIABLE) {
        const name = arg.value.name.value;
        values[arg.name.value] =
          name in this.variables ? this.variables[name] : this.defaults[name];
        continue;
      }
      try {
        values[arg.name.value] = valueFromAST(arg.value, argDef.type, this.variables);
      } catch {
        // An argument graphql-js would refuse: the operation fails before any call.
      }
    }
    return values;
  }
}
