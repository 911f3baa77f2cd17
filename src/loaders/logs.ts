import { eq, or } from '../okta/expression.ts';
import type { OktaClient } from '../okta/index.ts';
import { type PageKey, pageLoader } from './pages.ts';

/** A window of the System Log around one user, as `User.logEvents` asks for it. */
export interface UserLogWindow extends PageKey {
  userId: string;
  since: string | null;
  /** Null: until now, fixed when the call is made. */
  until: string | null;
  sortOrder: 'ASCENDING' | 'DESCENDING';
}

/**
 * A page of the events a user performed or was the target of (`filter=actor.id eq … or
 * target.id eq …`). A bounded query needs an `until`; Okta's own default for it is now.
 */
export const logEventsOfUser = (okta: OktaClient) =>
  pageLoader(
    'logEventsOfUser',
    ({ userId, since, until, sortOrder, limit, after }: UserLogWindow) =>
      okta.logs.list(
        {
          since: since ?? undefined,
          until: until ?? new Date().toISOString(),
          filter: or(eq('actor.id', userId), eq('target.id', userId)),
          sortOrder,
        },
        { limit, after },
      ),
  );
