import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { PAIR_TYPES } from '../../src/schema/id-prefixes.ts';

/** Ids and names of the org the operations read, to fill id arguments with real ones. */
export interface OrgSample {
  userIds: string[];
  logins: string[];
  groupIds: string[];
  groupNames: string[];
  applicationIds: string[];
  eventHookIds: string[];
  /** Optional: an org sample taken without group rules leaves `groupRule(id:)` out. */
  groupRuleIds?: string[];
  /** Optional: the graph's ids of assignments and access paths, which `node(id)` takes too. */
  pairIds?: string[];
}

/** The Node types whose ids the graph mints for a pair (an app and a user or a group). */
const PAIR_NODE_TYPES = Object.keys(PAIR_TYPES);

/** A small seeded generator (mulberry32): the same seed, the same operations. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

/** Fields left out: paging backwards is refused, and free-text filters need Okta's syntax. */
const SKIPPED_ARGS = new Set(['last', 'before', 'after', 'filter', 'search', 'q', 'sortBy']);

/**
 * Random read operations over the schema, within the gateway's limits: random fields of each
 * type, random `first`s, real ids from the org, nested a few levels (connection wrappers do not
 * count as levels).
 */
export function randomOperations(
  schema: GraphQLSchema,
  org: OrgSample,
  options: { count: number; seed: number; maxDepth?: number },
): string[] {
  const rng = random(options.seed);
  const maxDepth = options.maxDepth ?? 4;
  const out: string[] = [];
  const query = schema.getQueryType();
  if (!query) return out;
  const roots = Object.values(query.getFields()).filter((f) => f.name !== 'rateLimits');
  for (let i = 0; i < options.count; i++) {
    const fields: string[] = [];
    const n = rng.int(1, 3);
    // A root field can find no arguments to ask with (an id the sample lacks): pick again, so that
    // no operation is left with an empty selection.
    for (let j = 0; fields.length < n && j < 20; j++) {
      const field = rng.pick(roots);
      const text = fieldText(field, 'Query', 0, `r${j}`);
      if (text) fields.push(text);
    }
    out.push(`query Random${i} {\n${fields.join('\n')}\n}`);
  }
  return out;

  function idFor(parentName: string, field: string, arg: string): string | undefined {
    const key = `${parentName}.${field}.${arg}`;
    if (key === 'Query.group.id' || arg === 'groupId') return rng.pick(org.groupIds);
    if (key === 'Query.user.id' || arg === 'userId') return rng.pick(org.userIds);
    if (key === 'Query.application.id' || arg === 'applicationId')
      return rng.pick(org.applicationIds);
    if (key === 'Query.eventHook.id') return org.eventHookIds[0] ?? '000000000000000000000';
    if (key === 'Query.groupRule.id' && org.groupRuleIds?.length) return rng.pick(org.groupRuleIds);
    if (key === 'Query.node.id') {
      // A kind first, then an id of it: the sample's few pair ids are picked as often as users.
      const kinds = [org.userIds, org.groupIds, org.applicationIds, org.pairIds ?? []];
      return rng.pick(rng.pick(kinds.filter((ids) => ids.length > 0)));
    }
    return undefined;
  }

  function argsText(parentName: string, field: GraphQLField<unknown, unknown>): string | null {
    const parts: string[] = [];
    // `user` and `group` take exactly one of two.
    if (parentName === 'Query' && field.name === 'user') {
      return rng.chance(0.7)
        ? `(id: "${rng.pick(org.userIds)}")`
        : `(login: "${rng.pick(org.logins)}")`;
    }
    if (parentName === 'Query' && field.name === 'group') {
      return rng.chance(0.7)
        ? `(id: "${rng.pick(org.groupIds)}")`
        : `(name: ${JSON.stringify(rng.pick(org.groupNames))})`;
    }
    for (const arg of field.args) {
      if (SKIPPED_ARGS.has(arg.name)) continue;
      const type = getNamedType(arg.type);
      const required = isNonNullType(arg.type);
      if (arg.name === 'first') {
        if (rng.chance(0.8)) parts.push(`first: ${rng.int(1, 30)}`);
      } else if (arg.name === 'since') {
        if (rng.chance(0.3))
          parts.push(`since: "${new Date(Date.now() - 86_400_000).toISOString()}"`);
      } else if (type.name === 'ID') {
        const id = idFor(parentName, field.name, arg.name);
        if (id) parts.push(`${arg.name}: "${id}"`);
        else if (required) return null;
      } else if (arg.name === 'name' && parentName === 'UserSchema') {
        parts.push('name: "login"');
      } else if (isEnumType(type) && rng.chance(0.3)) {
        parts.push(`${arg.name}: ${rng.pick(type.getValues()).name}`);
      } else if (required) {
        return null;
      }
    }
    return parts.length > 0 ? `(${parts.join(', ')})` : '';
  }

  function fieldText(
    field: GraphQLField<unknown, unknown>,
    parentName: string,
    depth: number,
    alias?: string,
  ): string | null {
    const args = argsText(parentName, field);
    if (args === null) return null;
    const type = getNamedType(field.type);
    const head = `${alias ? `${alias}: ` : ''}${field.name}${args}`;
    if (isLeafType(type)) return head;
    const body = selectionText(type, depth + 1);
    return body ? `${head} { ${body} }` : null;
  }

  function selectionText(type: GraphQLNamedType, depth: number): string | null {
    if (!isObjectType(type)) {
      // Interfaces and unions (node, Error): the id, and what a User selects, or half the time
      // a pair type when the sample has pair ids (one type: two could ask one field name of two
      // types, which validation refuses).
      if (type.name === 'Node') {
        const name = org.pairIds?.length && rng.chance(0.5) ? rng.pick(PAIR_NODE_TYPES) : 'User';
        const named = schema.getType(name);
        const inner = named && depth <= maxDepth ? selectionText(named, depth) : null;
        return inner ? `id ... on ${name} { ${inner} }` : 'id';
      }
      return '__typename';
    }
    const fields = Object.values(type.getFields());
    if (type.name.endsWith('Connection')) {
      const node = getNamedType(type.getFields().nodes?.type ?? fields[0]!.type);
      const inner = selectionText(node, depth);
      if (!inner) return 'pageInfo { hasNextPage }';
      return rng.chance(0.5)
        ? `nodes { ${inner} }`
        : `edges { cursor node { ${inner} } } pageInfo { endCursor }`;
    }
    const chosen: string[] = [];
    for (const f of fields) {
      const named = getNamedType(f.type);
      if (isLeafType(named)) {
        if (f.name === 'id' || rng.chance(0.2)) {
          const args = argsText(type.name, f);
          if (args !== null) chosen.push(`${f.name}${args}`);
        }
      } else if (depth < maxDepth && rng.chance(depth === 1 ? 0.5 : 0.3)) {
        const text = fieldText(f, type.name, depth);
        if (text) chosen.push(text);
      }
    }
    if (chosen.length === 0) {
      const leaf = fields.find((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0);
      if (leaf) chosen.push(leaf.name);
    }
    return chosen.length > 0 ? chosen.join(' ') : null;
  }
}
