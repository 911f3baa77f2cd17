/**
 * Okta's models of the access graph: group rules, admin role assignments and MFA factors, as
 * Okta's OpenAPI document gives them (GroupRule, StandardRole, UserFactor). Type names Okta may
 * add to later (factor types, role types) are `string`s here: the client passes on what Okta
 * sends, and the schema maps what it knows.
 */
import type { OktaLinks, Timestamp } from './models.ts';

// ── Group rules ──────────────────────────────────────────────────────────────────────────────

/** INVALID: a group the rule names (in its actions or its expression) was deleted. */
export type GroupRuleStatus = 'ACTIVE' | 'INACTIVE' | 'INVALID';

/** `GET /api/v1/groups/rules/{id}` (spec `GroupRule`). */
export interface OktaGroupRule {
  type: 'group_rule';
  id: string;
  name: string;
  status: GroupRuleStatus;
  created: Timestamp;
  lastUpdated: Timestamp;
  conditions: {
    people?: { users?: { exclude?: string[] }; groups?: { exclude?: string[] } };
    expression: { value: string; type: string };
  };
  actions: { assignUserToGroups: { groupIds: string[] } };
  /** `expand=groupIdToGroupNameMap`. */
  _embedded?: { groupIdToGroupNameMap?: Record<string, string> };
}

/** What a rule is made of: the body of a create, and of a replace (which keeps the actions). */
export interface GroupRuleInput {
  name: string;
  /** In Okta's expression language, e.g. `user.department=="Sales"`. */
  expression: string;
  /** The groups a matching user joins (OKTA_GROUPs only); a replace cannot change them. */
  groupIds: string[];
  /** Users the rule never adds. */
  excludedUserIds?: string[];
}

export interface ListGroupRulesParams {
  /** A keyword the rule's name contains. */
  search?: string;
  /** Embed the names of the groups the rule assigns to. */
  expandGroupNames?: boolean;
}

// ── Admin roles ──────────────────────────────────────────────────────────────────────────────

/** Okta's standard role types; Okta adds types, so a role's `type` is any string. */
export const STANDARD_ROLE_TYPES = [
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'APP_ADMIN',
  'USER_ADMIN',
  'HELP_DESK_ADMIN',
  'READ_ONLY_ADMIN',
  'MOBILE_ADMIN',
  'API_ACCESS_MANAGEMENT_ADMIN',
  'REPORT_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
] as const;

/** A user's or a group's role assignment (spec `StandardRole`). */
export interface RoleAssignment {
  id: string;
  type: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE' | string;
  created: Timestamp;
  lastUpdated: Timestamp;
  /** USER: held by the user itself; GROUP: through a group the user is in. */
  assignmentType: 'USER' | 'GROUP' | string;
  _links?: OktaLinks;
}

// ── Factors ──────────────────────────────────────────────────────────────────────────────────

/** The factor types of Okta's `UserFactorType` when this was written; Okta adds more. */
export const KNOWN_FACTOR_TYPES = [
  'call',
  'email',
  'push',
  'question',
  'sms',
  'token',
  'token:hardware',
  'token:hotp',
  'token:software:totp',
  'u2f',
  'web',
  'webauthn',
  'signed_nonce',
] as const;

/** An enrolled factor (spec `UserFactor`): `factorType` and `provider` are open strings. */
export interface UserFactor {
  id: string;
  factorType: string;
  provider: string;
  vendorName?: string;
  status: string;
  created: Timestamp;
  lastUpdated: Timestamp;
  profile?: Record<string, unknown>;
  _links?: OktaLinks;
}
