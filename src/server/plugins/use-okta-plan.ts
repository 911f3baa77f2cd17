import { AsyncLocalStorage } from 'node:async_hooks';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { OktaClient } from '../../okta/index.ts';
import { addCalls, type Calls, type OrgSizes, planOperation } from '../../planner/plan.ts';
import { OktaPlanExceededError, RateLimitReachedError } from '../../schema/graphql-errors.ts';
import type { RequestLedger } from '../request-ledger.ts';

/** The request header that asks for the plan: `only` (plan, no execution) or `include`. */
export const OKTA_PLAN_HEADER = 'x-okta-plan';

/** How long what the org's size was found to be bounds plans (groups created since may exceed). */
const ORG_SIZES_TTL_MS = 5 * 60_000;

/**
 * "The limit is the plan": before an operation runs, its Okta plan (src/planner/) is computed
 * from its selection, arguments and variables. An operation that plans more calls in one bucket
 * than `maxPlannedCalls` is refused (OKTA_PLAN_EXCEEDED), and one the org's remaining budget
 * cannot cover answers RATE_LIMITED with `retryAt`, both before any Okta call, unless the bucket's
 * next window comes before the operation's deadline and covers it: then the operation waits for
 * it, as every Okta call does (it waits, it does not fail, unless the wait would pass the
 * deadline). On request
 * (`x-okta-plan: include`) the answer's `extensions.oktaPlan` says what was planned and what was
 * called, bucket by bucket; `x-okta-plan: only` answers the plan without running anything.
 *
 * Where a read is made once per distinct group (a group's apps), the plan is bounded by how many
 * groups the org has, found with one Okta call (cached for minutes) only when that bound decides
 * whether the operation runs.
 */
export function useOktaPlan(options: {
  schema: GraphQLSchema;
  okta: OktaClient;
  maxPlannedCalls: number;
  /** Where each operation's deadline is (set when its context is built). */
  requests: RequestLedger;
}): Plugin {
  const { schema, okta, maxPlannedCalls, requests } = options;
  // The Okta calls of the operation being executed, counted where the transport reports them:
  // the execution's async context is the request's.
  const counting = new AsyncLocalStorage<Calls>();
  const stopCounting = okta.transport.onCall((record) => {
    const actual = counting.getStore();
    if (actual && record.bucket !== 'oauth2.token') addCalls(actual, { [record.bucket]: 1 });
  });
  let known: { sizes: OrgSizes; until: number } | undefined;

  async function orgSizes(): Promise<OrgSizes> {
    if (known && known.until > Date.now()) return known.sizes;
    // One page one larger than the ceiling: an org with more groups bounds nothing anyway.
    let sizes: OrgSizes = {};
    try {
      const page = await okta.groups.list({}, { limit: maxPlannedCalls + 1 });
      if (page.after === null) sizes = { groups: page.items.length };
    } catch {
      // Unknown: the plan stays the bound without it.
    }
    known = { sizes, until: Date.now() + ORG_SIZES_TTL_MS };
    return sizes;
  }

  const over = (calls: Calls) =>
    (Object.entries(calls) as [string, number][]).find(([, n]) => n > maxPlannedCalls);

  return {
    onDispose: () => {
      stopCounting();
    },
    async onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      const mode = request?.headers.get(OKTA_PLAN_HEADER)?.toLowerCase() ?? null;
      const planOf = (org?: OrgSizes) =>
        planOperation(schema, args.document, {
          operationName: args.operationName,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          org: org ?? known?.sizes,
        });
      let plan = planOf();
      if (mode === 'only') {
        setResultAndStopExecution({
          extensions: { oktaPlan: { planned: plan.calls, ceiling: maxPlannedCalls } },
        });
        return;
      }
      if (over(plan.calls) && plan.wouldUse.size > 0) plan = planOf(await orgSizes());
      const exceeded = over(plan.calls);
      if (exceeded) {
        const [bucket, planned] = exceeded;
        setResultAndStopExecution({
          errors: [new OktaPlanExceededError(bucket, planned, maxPlannedCalls)],
        });
        return;
      }
      const short = await coveredByDeadline(okta, plan.calls, requests.get(request)?.deadline);
      if (short) {
        setResultAndStopExecution({ errors: [short] });
        return;
      }
      if (mode !== 'include') return;
      const actual: Calls = {};
      setExecuteFn((executeArgs) => counting.run(actual, () => executeFn(executeArgs)));
      return {
        onExecuteDone({ result, setResult }) {
          if (!isSingle(result)) return;
          setResult({
            ...result,
            extensions: { ...result.extensions, oktaPlan: { planned: plan.calls, actual } },
          });
        },
      };
    },
  };
}

function isSingle(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}

/**
 * Waits for the windows of the buckets the plan needs while the wait ends before the deadline and
 * a fresh window covers the plan; a bucket still short after that is the answer: RATE_LIMITED
 * until it resets.
 */
async function coveredByDeadline(
  okta: OktaClient,
  calls: Calls,
  deadline: number | undefined,
): Promise<RateLimitReachedError | undefined> {
  // A window is judged again after the wait: another replica may have spent it meanwhile.
  for (let waits = 0; ; waits += 1) {
    const short = await shortBucket(okta, calls);
    if (!short) return undefined;
    const wait = short.resetAt - Date.now() + RESET_SLACK_MS;
    const fits = short.fresh !== null && short.planned <= short.fresh;
    if (waits < 2 && fits && deadline !== undefined && Date.now() + wait < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      continue;
    }
    const retryAfter = Math.max(1, Math.ceil((short.resetAt - Date.now()) / 1000));
    return new RateLimitReachedError({
      retryAt: new Date(short.resetAt).toISOString(),
      bucket: short.bucket,
      planned: short.planned,
      available: short.available,
      http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
    });
  }
}

/** Okta's reset time is whole seconds; a moment past it the window has surely rolled. */
const RESET_SLACK_MS = 50;

/**
 * The first bucket whose remaining budget (what the governor knows, shared across replicas, less
 * the share it leaves to Okta's other clients) cannot cover the plan, with what a fresh window
 * would leave. Buckets the gateway has not heard from yet are not judged.
 */
async function shortBucket(okta: OktaClient, calls: Calls) {
  if (Object.keys(calls).length === 0) return undefined;
  const views = await okta.transport.rateLimits();
  for (const view of views) {
    const planned = calls[view.bucket as keyof Calls] ?? 0;
    if (planned === 0 || view.remaining === null || view.resetAt === null) continue;
    const available = Math.max(0, view.remaining - (view.reserved ?? 0));
    if (planned > available) {
      const fresh = view.limit === null ? null : view.limit - (view.reserved ?? 0);
      return { bucket: view.bucket, planned, available, resetAt: view.resetAt, fresh };
    }
  }
  return undefined;
}
