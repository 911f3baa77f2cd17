import { type GroupType, USER_STATUSES, type UserStatus } from '../okta/index.ts';

/**
 * What Okta allows: the user lifecycle (which action from which status) and the group types each
 * group write is refused on. Mutations, `User.allowedTransitions` and the workflows all check
 * these; nothing else restates them.
 */

// ── Users ────────────────────────────────────────────────────────────────────────────────────

/**
 * The user actions and the statuses Okta allows each from (docs/okta-behaviour.md §1.2). The
 * gateway refuses an illegal action itself: one Okta call saved, and a clearer error than Okta's.
 */
export const USER_ACTIONS = {
  ACTIVATE: ['STAGED', 'DEPROVISIONED'],
  // Okta's OpenAPI document: "only on users with a PROVISIONED or RECOVERY status" (docs/okta-behaviour.md
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
  CLEAR_SESSIONS: USER_STATUSES,
  // Okta's first DELETE deactivates and the second deletes; deleteUser does both as needed.
  DELETE: USER_STATUSES,
} as const satisfies Record<string, readonly UserStatus[]>;

export type UserAction = keyof typeof USER_ACTIONS;

export function allowedActions(status: UserStatus): UserAction[] {
  return (Object.keys(USER_ACTIONS) as UserAction[]).filter((action) =>
    (USER_ACTIONS[action] as readonly string[]).includes(status),
  );
}

/** Whether Okta allows `action` on a user in `status`. */
export function isAllowed(action: UserAction, status: string): boolean {
  return (USER_ACTIONS[action] as readonly string[]).includes(status);
}

// ── Groups ───────────────────────────────────────────────────────────────────────────────────

/**
 * The group types Okta refuses each write on (docs/okta-behaviour.md §2): an APP_GROUP's
 * profile and members belong to the app or directory it is imported from (it can be deleted,
 * though), and nothing about a BUILT_IN group (Everyone) can be changed. Okta answers these with
 * a bare 403 E0000006; the gateway refuses them itself, before calling Okta, and says why.
 */
export const GROUP_TYPES_REFUSED = {
  UPDATE: ['APP_GROUP', 'BUILT_IN'],
  DELETE: ['BUILT_IN'],
  CHANGE_MEMBERSHIP: ['APP_GROUP', 'BUILT_IN'],
} as const satisfies Record<string, readonly GroupType[]>;

export type GroupWrite = keyof typeof GROUP_TYPES_REFUSED;

/** The group types some write is refused on. */
export type ReadOnlyGroupType = Exclude<GroupType, 'OKTA_GROUP'>;

/** Whether Okta refuses `write` on a group of `type`. */
export const refuses = (write: GroupWrite, type: GroupType): type is ReadOnlyGroupType =>
  (GROUP_TYPES_REFUSED[write] as readonly GroupType[]).includes(type);
