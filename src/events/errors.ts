/**
 * The events floor's one error family. Each class has a stable `code`; the schema turns them into
 * the subscriber's GraphQL errors.
 */
export class EventsError extends Error {
  static readonly code: string = 'EVENTS_ERR';
  readonly code = (this.constructor as typeof EventsError).code;
  override name = this.constructor.name;
}

/** A System Log filter Okta would refuse: the subscriber's mistake, reported before anything is streamed. */
export class LogFilterError extends EventsError {
  static override readonly code = 'LOG_FILTER_INVALID';
}

/** A subscriber read slower than its events arrived, past what the gateway holds for it. */
export class SubscriberBehindError extends EventsError {
  static override readonly code = 'SUBSCRIBER_BEHIND';

  constructor(readonly held: number) {
    super(
      `The subscriber fell ${held} events behind the live stream; subscribe again with since set to the last event's published time.`,
    );
  }
}
