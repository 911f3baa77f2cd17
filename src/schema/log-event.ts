import type { Context } from '../context.ts';
import type { UserLogWindow } from '../loaders/logs.ts';
import type {
  ListLogEventsParams,
  LogActor as OktaLogActor,
  LogEvent as OktaLogEvent,
  LogOutcome as OktaLogOutcome,
  LogTarget as OktaLogTarget,
  LogTransaction as OktaLogTransaction,
  OktaUser,
} from '../okta/index.ts';
import { Application } from './application.ts';
import { builder } from './builder.ts';
import { type ConnectionArgs, pageOptions, toConnection } from './connection.ts';
import { Group } from './group.ts';
import { idOnlyField } from './id-only-fields.ts';
import { nodeTypeOf } from './id-prefixes.ts';
import {
  LogAuthenticationContext,
  LogClient,
  LogRequest,
  LogSecurityContext,
} from './log-event-context.ts';
import { orNull } from './not-found-as-null.ts';
import { User } from './user.ts';

// ── Enums ────────────────────────────────────────────────────────────────────────────────────

export const LogSeverity = builder.enumType('LogSeverity', {
  description: 'How severe a System Log event is.',
  values: ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const,
});

export const LogOutcomeResult = builder.enumType('LogOutcomeResult', {
  description: 'The result of the action a System Log event records.',
  values: [
    'SUCCESS',
    'FAILURE',
    'SKIPPED',
    'ALLOW',
    'DENY',
    'CHALLENGE',
    'UNKNOWN',
    'RATE_LIMIT',
    'DEFERRED',
    'SCHEDULED',
    'ABANDONED',
    'UNANSWERED',
  ] as const,
});

export const LogSortOrder = builder.enumType('LogSortOrder', {
  description: 'Order of System Log events by the time they were published.',
  values: ['ASCENDING', 'DESCENDING'] as const,
});

// ── Who did what to what ─────────────────────────────────────────────────────────────────────

/** The user an actor or target names, through the batched loader; null for other kinds. */
function userNamed(
  entity: { id: string; type: string },
  ctx: Context,
): Promise<OktaUser | null> | null {
  if (entity.type !== 'User' || nodeTypeOf(entity.id) !== 'User') return null;
  return orNull(ctx.loaders.userById.load(entity.id));
}

const LogActor = builder.objectRef<OktaLogActor>('LogActor').implement({
  description: 'Who performed the action: a user, an app, Okta itself, …',
  fields: (t) => ({
    id: t.exposeString('id'),
    type: t.exposeString('type', {
      description: '`User`, `PublicClientApp`, `SystemPrincipal`, …',
    }),
    alternateId: t.exposeString('alternateId', { nullable: true }),
    displayName: t.exposeString('displayName', { nullable: true }),
    detailEntry: t.field({
      type: 'JSON',
      nullable: true,
      resolve: (a) => a.detailEntry ?? null,
    }),
    user: t.field({
      type: User,
      nullable: true,
      description:
        'The actor as a user, when it is one (and still exists); loaded in one batched search for all the events of a request.',
      authScopes: { okta: 'okta.users.read' },
      resolve: (a, _args, ctx) => userNamed(a, ctx),
    }),
  }),
});

const LogTargetChangeDetails = builder
  .objectRef<NonNullable<OktaLogTarget['changeDetails']>>('LogTargetChangeDetails')
  .implement({
    description: "The target's properties before and after the change.",
    fields: (t) => ({
      from: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.from ?? null }),
      to: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.to ?? null }),
    }),
  });

export const LogTarget = builder.objectRef<OktaLogTarget>('LogTarget').implement({
  description: 'What the action was performed on. Find a target by its type, not its position.',
  fields: (t) => ({
    id: t.exposeString('id'),
    type: t.exposeString('type', {
      description: '`User`, `UserGroup`, `AppInstance`, `AppUser`, …',
    }),
    alternateId: t.exposeString('alternateId', { nullable: true }),
    displayName: t.exposeString('displayName', { nullable: true }),
    detailEntry: t.field({
      type: 'JSON',
      nullable: true,
      resolve: (target) => target.detailEntry ?? null,
    }),
    changeDetails: t.field({
      type: LogTargetChangeDetails,
      nullable: true,
      resolve: (target) => target.changeDetails ?? null,
    }),
    user: t.field({
      type: User,
      nullable: true,
      description: 'A `User` target as a user (null for other targets, or a user since deleted).',
      authScopes: { okta: 'okta.users.read' },
      resolve: (target, _args, ctx) => userNamed(target, ctx),
    }),
    group: t.field({
      type: Group,
      nullable: true,
      description:
        'A `UserGroup` target as a group (null for other targets, or a group since deleted).',
      authScopes: { okta: 'okta.groups.read' },
      resolve: (target, _args, ctx) =>
        target.type === 'UserGroup' && nodeTypeOf(target.id) === 'Group'
          ? orNull(ctx.loaders.groupById.load(target.id))
          : null,
    }),
    application: t.field({
      type: Application,
      nullable: true,
      description:
        'An `AppInstance` target as an application (null for other targets, or an app since deleted).',
      authScopes: { okta: 'okta.apps.read' },
      resolve: (target, _args, ctx) =>
        target.type === 'AppInstance' && nodeTypeOf(target.id) === 'Application'
          ? orNull(ctx.loaders.applicationById.load(target.id))
          : null,
    }),
  }),
});

const LogOutcome = builder.objectRef<OktaLogOutcome>('LogOutcome').implement({
  description: 'How the action ended.',
  fields: (t) => ({
    result: t.field({ type: LogOutcomeResult, resolve: (o) => o.result }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why, e.g. INVALID_CREDENTIALS.',
    }),
  }),
});

const LogTransaction = builder.objectRef<OktaLogTransaction>('LogTransaction').implement({
  description: 'The request or job that raised the event; correlates events of one transaction.',
  fields: (t) => ({
    id: t.exposeString('id', { nullable: true }),
    type: t.exposeString('type', { nullable: true, description: '`WEB` or `JOB`.' }),
    detail: t.field({
      type: 'JSON',
      nullable: true,
      description: 'e.g. `requestApiTokenId`, the API token that made the request.',
      resolve: (tx) => tx.detail ?? null,
    }),
  }),
});

const LogDebugContext = builder
  .objectRef<NonNullable<OktaLogEvent['debugContext']>>('LogDebugContext')
  .implement({
    description: "Event-specific details; Okta's names and values here are no stable contract.",
    fields: (t) => ({
      debugData: t.field({ type: 'JSON', nullable: true, resolve: (d) => d.debugData ?? null }),
    }),
  });

// ── The event ────────────────────────────────────────────────────────────────────────────────

export const LogEvent = builder.objectRef<OktaLogEvent>('LogEvent').implement({
  description:
    'One System Log event: who (actor) did what (eventType) to what (target), how and from where.',
  fields: (t) => ({
    uuid: t.exposeID('uuid', { description: 'Unique per event: the key to dedupe on.' }),
    published: t.field({ type: 'DateTime', resolve: (e) => e.published }),
    eventType: t.exposeString('eventType', { description: 'e.g. `user.lifecycle.create`.' }),
    version: t.exposeString('version'),
    severity: t.field({ type: LogSeverity, resolve: (e) => e.severity }),
    legacyEventType: t.exposeString('legacyEventType', { nullable: true }),
    displayMessage: t.exposeString('displayMessage', { nullable: true }),
    actor: t.field({ type: LogActor, resolve: (e) => e.actor }),
    client: t.field({ type: LogClient, nullable: true, resolve: (e) => e.client ?? null }),
    outcome: t.field({ type: LogOutcome, nullable: true, resolve: (e) => e.outcome ?? null }),
    target: t.field({ type: [LogTarget], resolve: (e) => e.target ?? [] }),
    transaction: t.field({
      type: LogTransaction,
      nullable: true,
      resolve: (e) => e.transaction ?? null,
    }),
    debugContext: t.field({
      type: LogDebugContext,
      nullable: true,
      resolve: (e) => e.debugContext ?? null,
    }),
    authenticationContext: t.field({
      type: LogAuthenticationContext,
      nullable: true,
      resolve: (e) => e.authenticationContext ?? null,
    }),
    securityContext: t.field({
      type: LogSecurityContext,
      nullable: true,
      resolve: (e) => e.securityContext ?? null,
    }),
    request: t.field({ type: LogRequest, nullable: true, resolve: (e) => e.request ?? null }),
  }),
});

export const LogEventConnection = builder.connectionObject(
  { type: LogEvent, name: 'LogEventConnection' },
  { name: 'LogEventEdge' },
);

/**
 * One page of the System Log as a connection. Without `until` Okta reads in polling mode, whose
 * `next` link never ends; the gateway gives `until` = now instead (Okta's own default for it), so
 * a connection is a bounded window that ends, with Okta's default `since` (7 days before
 * `until`) when none is given. Following the log as it grows is the subscription's job.
 */
async function logEventPage(ctx: Context, params: ListLogEventsParams, args: ConnectionArgs) {
  const page = await ctx.okta.logs.list(
    { ...params, until: params.until ?? new Date().toISOString() },
    pageOptions(args, ctx),
  );
  return toConnection(page);
}

const windowArgs = {
  since: 'Events published at or after this moment (default: 7 days before `until`).',
  until: 'Events published before this moment (default: now).',
} as const;

builder.queryFields((t) => ({
  logEvents: t.connection(
    {
      type: LogEvent,
      description:
        "System Log events in a bounded window, in Okta's order. `filter` is Okta's filter expression (`eventType eq \"user.session.start\"`), `q` up to 10 keywords; the cursor is Okta's.",
      authScopes: { okta: 'okta.logs.read' },
      args: {
        since: t.arg({ type: 'DateTime', description: windowArgs.since }),
        until: t.arg({ type: 'DateTime', description: windowArgs.until }),
        filter: t.arg.string(),
        q: t.arg.string(),
        sortOrder: t.arg({ type: LogSortOrder, description: 'Default ASCENDING (oldest first).' }),
      },
      resolve: (_root, args, ctx) =>
        logEventPage(
          ctx,
          {
            since: args.since ?? undefined,
            until: args.until ?? undefined,
            filter: args.filter ?? undefined,
            q: args.q ?? undefined,
            sortOrder: args.sortOrder ?? undefined,
          },
          args,
        ),
    },
    LogEventConnection,
  ),
}));

builder.objectField(User, 'logEvents', (t) =>
  t.connection(
    {
      type: LogEvent,
      description:
        'System Log events the user performed or was the target of, newest first unless asked otherwise.',
      authScopes: { okta: 'okta.logs.read' },
      args: {
        since: t.arg({ type: 'DateTime', description: windowArgs.since }),
        until: t.arg({ type: 'DateTime', description: windowArgs.until }),
        sortOrder: t.arg({ type: LogSortOrder, description: 'Default DESCENDING (newest first).' }),
      },
      resolve: async (user, args, ctx) => {
        const page = await ctx.loaders.logEventsOfUser.load(userLogWindow(user.id, args, ctx));
        if (page instanceof Error) throw page;
        return toConnection(page);
      },
    },
    LogEventConnection,
  ),
);

interface UserLogArgs extends ConnectionArgs {
  since?: string | null;
  until?: string | null;
  sortOrder?: 'ASCENDING' | 'DESCENDING' | null;
}

/** The loader key of `User.logEvents`: the same for the field and its early start. */
function userLogWindow(userId: string, args: UserLogArgs, ctx: Context): UserLogWindow {
  const { limit, after } = pageOptions(args, ctx);
  return {
    userId,
    since: args.since ?? null,
    until: args.until ?? null,
    sortOrder: args.sortOrder ?? 'DESCENDING',
    limit: limit as number,
    after: after ?? null,
  };
}

// A user's events need only the id; a missing user has none, which proves nothing.
idOnlyField('User', 'logEvents', {
  scope: 'okta.logs.read',
  proves: false,
  start: (id, args, ctx) => ctx.loaders.logEventsOfUser.load(userLogWindow(id, args, ctx)),
});
