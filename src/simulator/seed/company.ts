/**
 * The one fictional company the seeded demo org belongs to. The seed's data files
 * (people-data.ts, groups-data.ts, apps-data.ts, history-data.ts) hold its people, offices,
 * devices, groups and applications; the seed draws from them with the org's PRNG.
 *
 * Addresses are fictional: the company domain is under the reserved `.example` TLD, IP
 * addresses come from the documentation ranges (RFC 5737 TEST-NET-1/2/3, RFC 3849 2001:db8::/32),
 * phone numbers from the fictional 555-01xx range.
 */

export const COMPANY = 'Acme Corporation';
/** Every seeded login and email is on this domain (the admin is `admin@acme.example`). */
export const COMPANY_DOMAIN = 'acme.example';
/** The Active Directory forest whose groups Okta imports (APP_GROUPs). */
export const AD_DOMAIN = 'corp.acme.example';
export const AD_NETBIOS = 'CORP';

/**
 * The password of every seeded user that has one (ACTIVE, RECOVERY, PASSWORD_EXPIRED,
 * LOCKED_OUT, SUSPENDED, DEPROVISIONED), so `change_password` and `change_recovery_question`
 * work against the demo org. It satisfies Okta's default password policy.
 */
export const DEMO_PASSWORD = 'Acme-Demo-Passw0rd!';
