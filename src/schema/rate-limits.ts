import type { BucketView } from '../okta/rate-limit.ts';
import { OKTA_BUCKETS } from '../okta/routes.ts';
import { builder } from './builder.ts';

const isOktaBucket = (bucket: string): bucket is keyof typeof OKTA_BUCKETS =>
  Object.hasOwn(OKTA_BUCKETS, bucket);

const RateLimitStatus = builder.objectRef<BucketView>('RateLimitStatus').implement({
  description:
    "One of Okta's rate-limit buckets as this gateway sees it: what Okta's last X-Rate-Limit-* headers said, less what is in flight.",
  fields: (t) => ({
    bucket: t.exposeString('bucket', {
      description: "The bucket's name, e.g. `users.collection`, `logs`, `default`.",
    }),
    endpoints: t.string({
      nullable: true,
      description: 'The Okta endpoints that count against the bucket.',
      resolve: (b) => (isOktaBucket(b.bucket) ? OKTA_BUCKETS[b.bucket] : null),
    }),
    limit: t.int({
      nullable: true,
      description: 'Calls per window (X-Rate-Limit-Limit); null until Okta has answered once.',
      resolve: (b) => b.limit,
    }),
    remaining: t.int({
      nullable: true,
      description: 'Calls left in this window, after the calls in flight.',
      resolve: (b) => b.remaining,
    }),
    resetsAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the window ends (X-Rate-Limit-Reset); null when unknown.',
      resolve: (b) => (b.resetAt === null ? null : new Date(b.resetAt).toISOString()),
    }),
    reserved: t.int({
      nullable: true,
      description:
        "Calls of each window the gateway leaves to the org's other API clients (its reserved share).",
      resolve: (b) => b.reserved,
    }),
    available: t.int({
      nullable: true,
      description: 'Calls the gateway may still start in this window before it holds calls back.',
      resolve: (b) =>
        b.remaining === null || b.reserved === null ? null : Math.max(0, b.remaining - b.reserved),
    }),
    inFlight: t.exposeInt('inFlight', { description: 'Calls sent and not yet answered.' }),
    queued: t.exposeInt('queued', { description: 'Calls waiting for budget.' }),
  }),
});

builder.queryFields((t) => ({
  rateLimits: t.field({
    type: [RateLimitStatus],
    description:
      "Each Okta rate-limit bucket the gateway has used, by name. A plain list: these are the gateway's own few buckets, not an Okta list. Okta shows rate-limit data to admins who may read its rate-limit settings, so this asks for `okta.rateLimits.read`.",
    authScopes: { okta: 'okta.rateLimits.read' },
    resolve: (_root, _args, ctx) => ctx.okta.transport.rateLimits(),
  }),
}));
