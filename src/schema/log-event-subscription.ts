import { type Context, renewLoaders } from '../context.ts';
import { LogFilterError, SubscriberBehindError } from '../events/errors.ts';
import { openLogEventFeed } from '../events/feed.ts';
import { compileLogFilter, type LogEventPredicate } from '../events/filter.ts';
import { expression, OktaError, type LogEvent as OktaLogEvent } from '../okta/index.ts';
import { builder } from './builder.ts';
import { mapOktaError } from './errors.ts';
import { BadUserInputError, SubscriberBehindGraphQLError } from './graphql-errors.ts';
import { LogEvent } from './log-event.ts';

/** More types than this make Okta's replay filter too long for a URL; use `filter` instead. */
const MAX_EVENT_TYPES = 50;
/** Okta event types: dotted lower-case words (`user.lifecycle.suspend`, `app.oauth2.as.token.grant.access_token`). */
const EVENT_TYPE = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
/** The replay reads Okta's largest pages: fewer calls against the logs bucket. */
const REPLAY_PAGE_SIZE = 1000;

const badInput = (message: string, argumentName: string) =>
  new BadUserInputError(message, { argumentName });

interface Selection {
  /** Which live events the subscriber receives. */
  matches: LogEventPredicate;
  /** The same selection as an Okta filter, for the replay; undefined for every event. */
  oktaFilter: string | undefined;
}

/** The subscriber's `filter` and `eventTypes`, checked before anything is streamed. */
function selectionOf(
  filter: string | null | undefined,
  eventTypes: readonly string[] | null | undefined,
): Selection {
  let matchesFilter: LogEventPredicate | null = null;
  if (filter !== null && filter !== undefined) {
    try {
      matchesFilter = compileLogFilter(filter);
    } catch (error) {
      if (error instanceof LogFilterError) {
        throw badInput(`Invalid System Log filter: ${error.message}.`, 'filter');
      }
      throw error;
    }
  }
  let types: Set<string> | null = null;
  if (eventTypes !== null && eventTypes !== undefined) {
    if (eventTypes.length === 0 || eventTypes.length > MAX_EVENT_TYPES) {
      throw badInput(
        `eventTypes must list 1 to ${MAX_EVENT_TYPES} event types; leave it out for every type.`,
        'eventTypes',
      );
    }
    const invalid = eventTypes.find((type) => !EVENT_TYPE.test(type) || type.length > 100);
    if (invalid !== undefined) {
      throw badInput(`"${invalid.slice(0, 100)}" is not an Okta event type.`, 'eventTypes');
    }
    types = new Set(eventTypes);
  }
  const typeFilter =
    types && expression.or(...[...types].map((t) => expression.eq('eventType', t)));
  return {
    matches: (event) =>
      (types === null || types.has(event.eventType)) &&
      (matchesFilter === null || matchesFilter(event)),
    // The subscriber's filter parsed above, so in parentheses it stays one operand.
    oktaFilter:
      filter && typeFilter
        ? `(${filter}) and (${typeFilter})`
        : (filter ?? typeFilter ?? undefined),
  };
}

/**
 * The feed's own end, a subscriber too slow for the stream, as the error the client sees (Okta's
 * errors mid-stream are mapped by maskError). `return()` passes straight through.
 */
function withSubscriberErrors(
  feed: AsyncIterableIterator<OktaLogEvent>,
): AsyncIterableIterator<OktaLogEvent> {
  const iterator: AsyncIterableIterator<OktaLogEvent> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      try {
        return await feed.next();
      } catch (error) {
        if (error instanceof SubscriberBehindError) {
          throw new SubscriberBehindGraphQLError(error.message, error.held);
        }
        throw error;
      }
    },
    return: () => feed.return?.() ?? Promise.resolve({ done: true, value: undefined }),
  };
  return iterator;
}

builder.subscriptionType({});

builder.subscriptionField('logEvents', (t) =>
  t.field({
    type: LogEvent,
    description:
      'Okta System Log events as they happen (from the System Log poller and Okta event hooks), each once, in the order the gateway received them. `filter` is Okta\'s System Log filter expression (`target.id eq "00u…" and outcome.result eq "FAILURE"`), `eventTypes` a list of event types to keep; both apply together. With `since`, the events published since then are replayed from the System Log first (oldest first), then live events follow with no gap and no repeat.',
    authScopes: { okta: 'okta.logs.read' },
    args: {
      filter: t.arg.string({ description: "Okta's System Log filter expression." }),
      eventTypes: t.arg.stringList({
        description: 'Only these event types (e.g. `user.lifecycle.suspend`); all when left out.',
      }),
      since: t.arg({
        type: 'DateTime',
        description:
          'Replay the events published at or after this moment (within the System Log’s 90 days) before the live ones.',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const { matches, oktaFilter } = selectionOf(args.filter, args.eventTypes);
      const replay = args.since
        ? ctx.okta.logs.iterate(
            {
              since: args.since,
              until: new Date().toISOString(),
              filter: oktaFilter,
              sortOrder: 'ASCENDING',
            },
            { pageSize: REPLAY_PAGE_SIZE },
          )
        : undefined;
      try {
        return withSubscriberErrors(
          await openLogEventFeed({ stream: ctx.events, matches, replay }),
        );
      } catch (error) {
        // Okta refusing the window (a `since` past its retention) refuses the subscription.
        if (error instanceof OktaError) throw mapOktaError(error);
        throw error;
      }
    },
    resolve: (event, _args, ctx: Context) => {
      // Each event's fields are read as of its arrival: a subscription lives for hours, and a
      // loader's cache (a user's status before `user.lifecycle.suspend`) would go stale.
      renewLoaders(ctx);
      return event;
    },
  }),
);
