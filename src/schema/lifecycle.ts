import type { UserStatus } from '../okta/index.ts';
import { InvalidTransitionError } from './errors.ts';

/**
 * The user actions and the statuses Okta allows each from (shared/okta/API-NOTES.md §1.2). The
 * gateway refuses an illegal action itself: one Okta call saved, and a clearer error than Okta's.
 */
export const USER_ACTIONS = {
  ACTIVATE: ['STAGED', 'DEPROVISIONED'],
  // Okta's OpenAPI document: "only on users with a PROVISIONED or RECOVERY status" (API-NOTES
  // §1.2 says PROVISIONED only; the document wins, and the simulator follows it).
  REACTIVATE: ['PROVISIONED', 'RECOVERY'],
  DEACTIVATE: [
    'STAGED',
    'PROVISIONED',
    'ACTIVE',
    'RECOVERY',
    'PASSWORD_EXPIRED',
    'LOCKED_OUT',
    'SUSPENDED',
  ],
  SUSPEND: ['ACTIVE'],
  UNSUSPEND: ['SUSPENDED'],
  UNLOCK: ['LOCKED_OUT'],
  RESET_PASSWORD: ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED'],
  EXPIRE_PASSWORD: ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
  RESET_FACTORS: [
    'PROVISIONED',
    'ACTIVE',
    'RECOVERY',
    'PASSWORD_EXPIRED',
    'LOCKED_OUT',
    'SUSPENDED',
  ],
  SET_PASSWORD: [
    'STAGED',
    'PROVISIONED',
    'ACTIVE',
    'RECOVERY',
    'PASSWORD_EXPIRED',
    'LOCKED_OUT',
    'SUSPENDED',
  ],
  CHANGE_PASSWORD: ['STAGED', 'ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'],
  CHANGE_RECOVERY_QUESTION: ['STAGED', 'ACTIVE', 'RECOVERY'],
  UPDATE_PROFILE: [
    'STAGED',
    'PROVISIONED',
    'ACTIVE',
    'RECOVERY',
    'PASSWORD_EXPIRED',
    'LOCKED_OUT',
    'SUSPENDED',
  ],
  CLEAR_SESSIONS: [
    'STAGED',
    'PROVISIONED',
    'ACTIVE',
    'RECOVERY',
    'PASSWORD_EXPIRED',
    'LOCKED_OUT',
    'SUSPENDED',
    'DEPROVISIONED',
  ],
  // Okta's first DELETE deactivates and the second deletes; deleteUser does both as needed.
  DELETE: [
    'STAGED',
    'PROVISIONED',
    'ACTIVE',
    'RECOVERY',
    'PASSWORD_EXPIRED',
    'LOCKED_OUT',
    'SUSPENDED',
    'DEPROVISIONED',
  ],
} as const satisfies Record<string, readonly UserStatus[]>;

export type UserAction = keyof typeof USER_ACTIONS;

export function allowedActions(status: UserStatus): UserAction[] {
  return (Object.keys(USER_ACTIONS) as UserAction[]).filter((action) =>
    (USER_ACTIONS[action] as readonly string[]).includes(status),
  );
}

/** Throws InvalidTransitionError when `action` is not legal from `status`. */
export function assertAllowed(action: UserAction, status: UserStatus): void {
  const from = USER_ACTIONS[action] as readonly string[];
  if (!from.includes(status)) throw new InvalidTransitionError(action, status, from);
}
