/** Where and with what the System Log history happens: places away from the offices, API clients, failures. */
import type { UserAgentProfile } from './people-data.ts';

/** Where people sign in from when not at their office: travel and suspicious sources. */
export interface Place {
  city: string;
  state: string;
  country: string;
  postalCode: string;
  lat: number;
  lon: number;
}

export const ELSEWHERE: readonly Place[] = [
  {
    city: 'Chicago',
    state: 'Illinois',
    country: 'United States',
    postalCode: '60601',
    lat: 41.8858,
    lon: -87.6181,
  },
  {
    city: 'Seattle',
    state: 'Washington',
    country: 'United States',
    postalCode: '98101',
    lat: 47.6101,
    lon: -122.3344,
  },
  {
    city: 'Denver',
    state: 'Colorado',
    country: 'United States',
    postalCode: '80202',
    lat: 39.7525,
    lon: -104.9995,
  },
  {
    city: 'Dublin',
    state: 'Leinster',
    country: 'Ireland',
    postalCode: 'D02',
    lat: 53.3498,
    lon: -6.2603,
  },
  {
    city: 'Amsterdam',
    state: 'North Holland',
    country: 'Netherlands',
    postalCode: '1012',
    lat: 52.3728,
    lon: 4.8936,
  },
  {
    city: 'Paris',
    state: 'Ile-de-France',
    country: 'France',
    postalCode: '75001',
    lat: 48.8606,
    lon: 2.3376,
  },
  {
    city: 'Tokyo',
    state: 'Tokyo',
    country: 'Japan',
    postalCode: '100-0005',
    lat: 35.6812,
    lon: 139.7671,
  },
  {
    city: 'Sao Paulo',
    state: 'Sao Paulo',
    country: 'Brazil',
    postalCode: '01310-100',
    lat: -23.5614,
    lon: -46.6559,
  },
  {
    city: 'Bucharest',
    state: 'Bucuresti',
    country: 'Romania',
    postalCode: '010011',
    lat: 44.4268,
    lon: 26.1025,
  },
  {
    city: 'Ho Chi Minh City',
    state: 'Ho Chi Minh',
    country: 'Vietnam',
    postalCode: '700000',
    lat: 10.7769,
    lon: 106.7009,
  },
];

/** Where the API clients (the super admin's automation, the HR sync service) run. */
export const DATACENTER: Place = {
  city: 'Ashburn',
  state: 'Virginia',
  country: 'United States',
  postalCode: '20147',
  lat: 39.0438,
  lon: -77.4874,
};

/** Okta Verify answering a push: the MFA step's client. */
export const OKTA_VERIFY_AGENT: UserAgentProfile = {
  rawUserAgent:
    'OktaVerify/9.14.0 (iPhone; iOS 17.4.1; Scale/3.00) CFNetwork/1494.0.7 Darwin/23.4.0',
  os: 'iOS',
  browser: 'UNKNOWN',
  device: 'Mobile',
};

/** Clients that call the management API: the admins' automation and the HR sync service. */
export const API_AGENTS = {
  sdk: 'okta-sdk-nodejs/8.1.0 node/20.12.2 linux/x64',
  terraform: 'Terraform/1.8.2 (+https://www.terraform.io) terraform-provider-okta/4.8.1',
  hrSync: 'acme-hr-sync/2.3.1 (+https://hr-sync.acme.example) okhttp/4.12.0',
} as const;

/** Failed sign-in reasons Okta writes in `outcome.reason`. */
export const SIGN_IN_FAILURE_REASONS = ['INVALID_CREDENTIALS', 'VERIFICATION_ERROR'] as const;
