/**
 * The raw material of the seeded demo org: one fictional company, its people, offices,
 * devices, groups and applications. seed.ts draws from these lists with the org's PRNG.
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

// biome-ignore format: a compact word list
export const FIRST_NAMES = [
  'Aaliyah', 'Aarav', 'Abigail', 'Adebayo', 'Aditi', 'Ahmed', 'Aiko', 'Alejandro', 'Alice',
  'Amara', 'Amelia', 'Ana', 'Andrei', 'Anika', 'Arjun', 'Astrid', 'Ava', 'Beatriz', 'Benjamin',
  'Bianca', 'Boris', 'Camila', 'Carlos', 'Charlotte', 'Chen', 'Chidi', 'Chloe', 'Daniel', 'Dario',
  'David', 'Deepika', 'Diego', 'Dmitri', 'Elena', 'Elif', 'Elijah', 'Emeka', 'Emily', 'Emma',
  'Ethan', 'Farah', 'Fatima', 'Felix', 'Freya', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hiroshi',
  'Ibrahim', 'Ines', 'Isabella', 'Isaac', 'Ivan', 'Jamal', 'James', 'Javier', 'Jia', 'Jonas',
  'Jose', 'Julia', 'Kai', 'Kavya', 'Kenji', 'Kwame', 'Lars', 'Laura', 'Leila', 'Leon', 'Liam',
  'Lina', 'Lucas', 'Lucia', 'Luis', 'Maya', 'Mateo', 'Mei', 'Mia', 'Miguel', 'Mohammed', 'Nadia',
  'Naomi', 'Nikhil', 'Nina', 'Noah', 'Nora', 'Olga', 'Oliver', 'Olivia', 'Omar', 'Oscar', 'Priya',
  'Rafael', 'Rahul', 'Ravi', 'Rebecca', 'Rosa', 'Ryan', 'Sakura', 'Samuel', 'Sara', 'Sebastian',
  'Sofia', 'Sophie', 'Sven', 'Tariq', 'Thomas', 'Tomas', 'Valentina', 'Victor', 'Wei', 'William',
  'Xin', 'Yara', 'Yusuf', 'Zainab', 'Zara', 'Zoe',
] as const;

// biome-ignore format: a compact word list
export const LAST_NAMES = [
  'Adeyemi', 'Ahmed', 'Alvarez', 'Andersen', 'Bauer', 'Becker', 'Bianchi', 'Brown', 'Castillo',
  'Chen', 'Choi', 'Clarke', 'Costa', 'Dubois', 'Dvorak', 'Eriksson', 'Fernandes', 'Fischer',
  'Garcia', 'Gonzalez', 'Gupta', 'Haddad', 'Hansen', 'Hernandez', 'Hoffmann', 'Ibrahim', 'Ivanova',
  'Jackson', 'Jensen', 'Johnson', 'Kapoor', 'Kato', 'Kim', 'Kowalski', 'Kumar', 'Larsen', 'Lee',
  'Lopez', 'Mahmoud', 'Martin', 'Martinez', 'Mendes', 'Meyer', 'Miller', 'Moreau', 'Morris',
  'Murphy', 'Nakamura', 'Nguyen', 'Nielsen', 'Novak', 'Obi', 'Okafor', 'Oliveira', 'Olsen',
  "O'Brien", 'Park', 'Patel', 'Petrov', 'Pham', 'Popescu', 'Quinn', 'Ramirez', 'Rao', 'Reddy',
  'Ricci', 'Rodriguez', 'Romano', 'Rossi', 'Sanchez', 'Santos', 'Sato', 'Schmidt', 'Schneider',
  'Shah', 'Silva', 'Singh', 'Smith', 'Sokolov', 'Suzuki', 'Svensson', 'Tanaka', 'Taylor',
  'Thompson', 'Torres', 'Tran', 'Van der Berg', 'Vasquez', 'Wagner', 'Walker', 'Wang', 'Weber',
  'Williams', 'Wilson', 'Wong', 'Wu', 'Yamamoto', 'Yilmaz', 'Young', 'Zhang', 'Zhou',
] as const;

export interface Department {
  name: string;
  /** Share of the workforce. */
  weight: number;
  division: string;
  costCenter: string;
  /** The department's head, its managers, then individual contributors' titles. */
  headTitle: string;
  managerTitle: string;
  titles: readonly string[];
  /** Skills the custom `skills` attribute draws from. */
  skills: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Engineering',
    weight: 26,
    division: 'Product & Engineering',
    costCenter: 'CC-2100',
    headTitle: 'VP of Engineering',
    managerTitle: 'Engineering Manager',
    titles: [
      'Software Engineer',
      'Senior Software Engineer',
      'Staff Software Engineer',
      'Site Reliability Engineer',
      'QA Engineer',
      'Security Engineer',
      'Data Engineer',
    ],
    skills: ['TypeScript', 'Go', 'Kubernetes', 'PostgreSQL', 'AWS', 'Terraform', 'React', 'Rust'],
  },
  {
    name: 'Product',
    weight: 6,
    division: 'Product & Engineering',
    costCenter: 'CC-2200',
    headTitle: 'VP of Product',
    managerTitle: 'Group Product Manager',
    titles: ['Product Manager', 'Senior Product Manager', 'Product Designer', 'UX Researcher'],
    skills: ['Roadmapping', 'Figma', 'User Research', 'SQL', 'Analytics'],
  },
  {
    name: 'Sales',
    weight: 15,
    division: 'Go To Market',
    costCenter: 'CC-3100',
    headTitle: 'VP of Sales',
    managerTitle: 'Regional Sales Manager',
    titles: [
      'Account Executive',
      'Senior Account Executive',
      'Sales Development Representative',
      'Solutions Engineer',
    ],
    skills: ['Salesforce', 'Negotiation', 'Forecasting', 'Enterprise Sales'],
  },
  {
    name: 'Marketing',
    weight: 8,
    division: 'Go To Market',
    costCenter: 'CC-3200',
    headTitle: 'Chief Marketing Officer',
    managerTitle: 'Marketing Manager',
    titles: [
      'Product Marketing Manager',
      'Content Strategist',
      'Demand Generation Specialist',
      'Brand Designer',
    ],
    skills: ['SEO', 'Copywriting', 'Marketo', 'Events', 'Analytics'],
  },
  {
    name: 'Customer Support',
    weight: 10,
    division: 'Go To Market',
    costCenter: 'CC-3300',
    headTitle: 'Director of Customer Support',
    managerTitle: 'Support Team Lead',
    titles: ['Support Engineer', 'Customer Success Manager', 'Technical Account Manager'],
    skills: ['Zendesk', 'Troubleshooting', 'Onboarding', 'SQL'],
  },
  {
    name: 'Finance',
    weight: 6,
    division: 'General & Administrative',
    costCenter: 'CC-4100',
    headTitle: 'Chief Financial Officer',
    managerTitle: 'Controller',
    titles: ['Financial Analyst', 'Accountant', 'Payroll Specialist', 'Procurement Specialist'],
    skills: ['Excel', 'NetSuite', 'Budgeting', 'Audit'],
  },
  {
    name: 'Human Resources',
    weight: 5,
    division: 'General & Administrative',
    costCenter: 'CC-4200',
    headTitle: 'Chief People Officer',
    managerTitle: 'HR Business Partner',
    titles: ['Recruiter', 'HR Generalist', 'People Operations Specialist', 'Benefits Analyst'],
    skills: ['Workday', 'Recruiting', 'Compensation', 'Employee Relations'],
  },
  {
    name: 'IT',
    weight: 6,
    division: 'General & Administrative',
    costCenter: 'CC-4300',
    headTitle: 'Director of IT',
    managerTitle: 'IT Manager',
    titles: [
      'IT Support Specialist',
      'Systems Administrator',
      'Identity Engineer',
      'Network Engineer',
    ],
    skills: ['Okta', 'Active Directory', 'Jamf', 'Networking', 'PowerShell'],
  },
  {
    name: 'Legal',
    weight: 3,
    division: 'General & Administrative',
    costCenter: 'CC-4400',
    headTitle: 'General Counsel',
    managerTitle: 'Senior Counsel',
    titles: ['Corporate Counsel', 'Paralegal', 'Compliance Analyst'],
    skills: ['Contracts', 'Privacy', 'Compliance'],
  },
  {
    name: 'Operations',
    weight: 7,
    division: 'General & Administrative',
    costCenter: 'CC-4500',
    headTitle: 'VP of Operations',
    managerTitle: 'Operations Manager',
    titles: ['Operations Analyst', 'Facilities Coordinator', 'Business Analyst'],
    skills: ['Process Design', 'Vendor Management', 'SQL', 'Excel'],
  },
  {
    name: 'Executive',
    weight: 1,
    division: 'Executive Office',
    costCenter: 'CC-1000',
    headTitle: 'Chief Executive Officer',
    managerTitle: 'Chief Operating Officer',
    titles: ['Chief of Staff', 'Executive Assistant'],
    skills: ['Leadership', 'Strategy'],
  },
];

export interface Office {
  city: string;
  state: string;
  countryCode: string;
  country: string;
  postalCode: string;
  streetAddress: string;
  timezone: string;
  /** Hours from UTC (standard time; good enough for working-hours activity). */
  utcOffset: number;
  locale: string;
  preferredLanguage: string;
  phonePrefix: string;
  lat: number;
  lon: number;
  /** Share of the workforce. */
  weight: number;
  /** The office's internet egress (TEST-NET addresses). */
  egressIp: string;
}

export const OFFICES: readonly Office[] = [
  {
    city: 'San Francisco',
    state: 'California',
    countryCode: 'US',
    country: 'United States',
    postalCode: '94105',
    streetAddress: '100 Market Street',
    timezone: 'America/Los_Angeles',
    utcOffset: -8,
    locale: 'en_US',
    preferredLanguage: 'en',
    phonePrefix: '+1 415 555 01',
    lat: 37.7936,
    lon: -122.3958,
    weight: 30,
    egressIp: '203.0.113.10',
  },
  {
    city: 'New York',
    state: 'New York',
    countryCode: 'US',
    country: 'United States',
    postalCode: '10013',
    streetAddress: '200 Hudson Street',
    timezone: 'America/New_York',
    utcOffset: -5,
    locale: 'en_US',
    preferredLanguage: 'en',
    phonePrefix: '+1 212 555 01',
    lat: 40.7243,
    lon: -74.0078,
    weight: 18,
    egressIp: '203.0.113.40',
  },
  {
    city: 'Austin',
    state: 'Texas',
    countryCode: 'US',
    country: 'United States',
    postalCode: '78701',
    streetAddress: '300 Congress Avenue',
    timezone: 'America/Chicago',
    utcOffset: -6,
    locale: 'en_US',
    preferredLanguage: 'en',
    phonePrefix: '+1 512 555 01',
    lat: 30.2669,
    lon: -97.7428,
    weight: 10,
    egressIp: '203.0.113.70',
  },
  {
    city: 'Toronto',
    state: 'Ontario',
    countryCode: 'CA',
    country: 'Canada',
    postalCode: 'M5V 3L9',
    streetAddress: '400 King Street West',
    timezone: 'America/Toronto',
    utcOffset: -5,
    locale: 'en_CA',
    preferredLanguage: 'en',
    phonePrefix: '+1 416 555 01',
    lat: 43.6455,
    lon: -79.3947,
    weight: 6,
    egressIp: '198.51.100.20',
  },
  {
    city: 'London',
    state: 'England',
    countryCode: 'GB',
    country: 'United Kingdom',
    postalCode: 'EC2A 4NE',
    streetAddress: '5 Shoreditch High Street',
    timezone: 'Europe/London',
    utcOffset: 0,
    locale: 'en_GB',
    preferredLanguage: 'en',
    phonePrefix: '+44 20 7946 01',
    lat: 51.5246,
    lon: -0.0784,
    weight: 12,
    egressIp: '198.51.100.50',
  },
  {
    city: 'Berlin',
    state: 'Berlin',
    countryCode: 'DE',
    country: 'Germany',
    postalCode: '10115',
    streetAddress: 'Invalidenstrasse 6',
    timezone: 'Europe/Berlin',
    utcOffset: 1,
    locale: 'de_DE',
    preferredLanguage: 'de',
    phonePrefix: '+49 30 5555 01',
    lat: 52.5298,
    lon: 13.3811,
    weight: 7,
    egressIp: '198.51.100.80',
  },
  {
    city: 'Bengaluru',
    state: 'Karnataka',
    countryCode: 'IN',
    country: 'India',
    postalCode: '560001',
    streetAddress: '7 MG Road',
    timezone: 'Asia/Kolkata',
    utcOffset: 5.5,
    locale: 'en_IN',
    preferredLanguage: 'en',
    phonePrefix: '+91 80 5555 01',
    lat: 12.9756,
    lon: 77.6066,
    weight: 10,
    egressIp: '198.51.100.110',
  },
  {
    city: 'Singapore',
    state: 'Singapore',
    countryCode: 'SG',
    country: 'Singapore',
    postalCode: '018956',
    streetAddress: '8 Marina View',
    timezone: 'Asia/Singapore',
    utcOffset: 8,
    locale: 'en_SG',
    preferredLanguage: 'en',
    phonePrefix: '+65 5555 01',
    lat: 1.2797,
    lon: 103.8507,
    weight: 4,
    egressIp: '192.0.2.30',
  },
  {
    city: 'Sydney',
    state: 'New South Wales',
    countryCode: 'AU',
    country: 'Australia',
    postalCode: '2000',
    streetAddress: '9 George Street',
    timezone: 'Australia/Sydney',
    utcOffset: 10,
    locale: 'en_AU',
    preferredLanguage: 'en',
    phonePrefix: '+61 2 5550 01',
    lat: -33.8688,
    lon: 151.2093,
    weight: 3,
    egressIp: '192.0.2.60',
  },
];

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

/** How Okta's System Log names a client's software (`client.userAgent`, `client.device`). */
export interface UserAgentProfile {
  rawUserAgent: string;
  os: string;
  browser: string;
  device: 'Computer' | 'Mobile' | 'Unknown';
}

export const DESKTOP_AGENTS: readonly UserAgentProfile[] = [
  {
    rawUserAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    os: 'Windows 10',
    browser: 'CHROME',
    device: 'Computer',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67',
    os: 'Windows 10',
    browser: 'EDGE',
    device: 'Computer',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
    os: 'Mac OS X',
    browser: 'SAFARI',
    device: 'Computer',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    os: 'Mac OS X',
    browser: 'CHROME',
    device: 'Computer',
  },
  {
    rawUserAgent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    os: 'Linux',
    browser: 'FIREFOX',
    device: 'Computer',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0',
    os: 'Mac OS X',
    browser: 'FIREFOX',
    device: 'Computer',
  },
];

export const MOBILE_AGENTS: readonly UserAgentProfile[] = [
  {
    rawUserAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
    os: 'iOS',
    browser: 'SAFARI',
    device: 'Mobile',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
    os: 'Android',
    browser: 'CHROME',
    device: 'Mobile',
  },
  {
    rawUserAgent:
      'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.118 Mobile Safari/537.36',
    os: 'Android',
    browser: 'CHROME',
    device: 'Mobile',
  },
];

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

export const RECOVERY_QUESTIONS: readonly { question: string; answers: readonly string[] }[] = [
  {
    question: 'What is the name of your first pet?',
    answers: ['Biscuit', 'Luna', 'Marley', 'Pepper', 'Shadow'],
  },
  {
    question: 'What was the make of your first car?',
    answers: ['Toyota', 'Volkswagen', 'Honda', 'Fiat', 'Volvo'],
  },
  {
    question: 'In what city were you born?',
    answers: ['Lisbon', 'Osaka', 'Lagos', 'Krakow', 'Denver'],
  },
  {
    question: 'What is your favorite book?',
    answers: ['Dune', 'Middlemarch', 'Beloved', 'Ulysses', 'Emma'],
  },
];

/**
 * Custom attributes of the default user schema, as Okta's Schemas API returns them
 * (`definitions.custom.properties`, shared/okta/API-NOTES.md §6). employeeNumber, costCenter,
 * division and userType are not here: they belong to Okta's base profile.
 */
export const CUSTOM_ATTRIBUTES: Readonly<Record<string, Record<string, unknown>>> = {
  isContractor: {
    title: 'Contractor',
    description: 'Whether the person works for Acme through a staffing agency',
    type: 'boolean',
    required: false,
    mutability: 'READ_WRITE',
    scope: 'NONE',
    permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
    master: { type: 'PROFILE_MASTER' },
  },
  startDate: {
    title: 'Start date',
    description: 'First working day (YYYY-MM-DD), from the HR system',
    type: 'string',
    required: false,
    minLength: 10,
    maxLength: 10,
    mutability: 'READ_WRITE',
    scope: 'NONE',
    permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
    master: { type: 'PROFILE_MASTER' },
  },
  securityClearance: {
    title: 'Data access clearance',
    description: 'The most sensitive data classification the person may handle',
    type: 'string',
    required: false,
    enum: ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'],
    oneOf: [
      { const: 'PUBLIC', title: 'Public' },
      { const: 'INTERNAL', title: 'Internal' },
      { const: 'CONFIDENTIAL', title: 'Confidential' },
      { const: 'RESTRICTED', title: 'Restricted' },
    ],
    mutability: 'READ_WRITE',
    scope: 'NONE',
    permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
    master: { type: 'PROFILE_MASTER' },
  },
  badgeNumber: {
    title: 'Badge number',
    description: 'Number printed on the building access badge',
    type: 'integer',
    required: false,
    mutability: 'READ_WRITE',
    scope: 'NONE',
    permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
    master: { type: 'PROFILE_MASTER' },
  },
  skills: {
    title: 'Skills',
    description: 'Skills the person lists on the internal directory',
    type: 'array',
    items: { type: 'string' },
    required: false,
    mutability: 'READ_WRITE',
    scope: 'SELF',
    permissions: [{ principal: 'SELF', action: 'READ_WRITE' }],
    master: { type: 'PROFILE_MASTER' },
  },
};

/** Okta groups beyond the department groups: teams, projects and roles. */
export const TEAM_GROUPS: readonly { name: string; description: string }[] = [
  { name: 'Okta Administrators', description: 'People who hold an Okta admin role' },
  { name: 'People Managers', description: 'Everyone with direct reports' },
  { name: 'Contractors', description: 'Contingent workers; access reviewed every quarter' },
  { name: 'Security Champions', description: 'Engineers who review threat models in their teams' },
  { name: 'Project Apollo', description: 'Cross-functional team launching the Apollo platform' },
  { name: 'Remote - Americas', description: 'Remote workers in North and South America' },
  { name: 'New Hire Onboarding', description: 'People in their first 90 days' },
];

/** Groups imported from Active Directory (APP_GROUP), and who is in each. */
export const AD_GROUPS: readonly {
  samAccountName: string;
  description: string;
  ou: string;
  /** Departments whose members belong; `*` = a share of everyone. */
  departments: readonly string[] | '*';
  /** Share of the eligible people who are members. */
  share: number;
}[] = [
  {
    samAccountName: 'Domain Users',
    description: 'All domain users',
    ou: 'CN=Users',
    departments: '*',
    share: 1,
  },
  {
    samAccountName: 'VPN Users',
    description: 'Allowed to connect to the corporate VPN',
    ou: 'OU=Groups',
    departments: '*',
    share: 0.45,
  },
  {
    samAccountName: 'Finance-Share-RW',
    description: 'Read/write on \\\\fs01\\finance',
    ou: 'OU=Groups',
    departments: ['Finance', 'Executive'],
    share: 1,
  },
  {
    samAccountName: 'Engineering-Servers',
    description: 'Local admin on engineering build and test servers',
    ou: 'OU=Groups',
    departments: ['Engineering'],
    share: 0.6,
  },
  {
    samAccountName: 'Helpdesk Operators',
    description: 'Reset passwords and unlock accounts in AD',
    ou: 'OU=Groups',
    departments: ['IT', 'Customer Support'],
    share: 0.5,
  },
  {
    samAccountName: 'Print Operators',
    description: 'Manage office printers',
    ou: 'CN=Builtin',
    departments: ['IT', 'Operations'],
    share: 0.4,
  },
];

/** Words for the team and project groups of large orgs. */
// biome-ignore format: a compact word list
export const PROJECT_CODENAMES = [
  'Atlas', 'Aurora', 'Beacon', 'Borealis', 'Cascade', 'Comet', 'Condor', 'Delta', 'Ember',
  'Falcon', 'Fathom', 'Gemini', 'Glacier', 'Harbor', 'Helios', 'Horizon', 'Ion', 'Juniper',
  'Kestrel', 'Keystone', 'Lighthouse', 'Lumen', 'Meridian', 'Mosaic', 'Nebula', 'Nimbus',
  'Northstar', 'Onyx', 'Orbit', 'Orion', 'Pegasus', 'Phoenix', 'Polaris', 'Prism', 'Quasar',
  'Redwood', 'Sequoia', 'Sierra', 'Solstice', 'Summit', 'Tango', 'Tempest', 'Titan', 'Vector',
  'Vertex', 'Voyager', 'Zenith', 'Zephyr',
] as const;

export const TEAM_KINDS = [
  'Project',
  'Team',
  'Squad',
  'Guild',
  'Working Group',
  'Committee',
  'Task Force',
] as const;

/**
 * Okta answers `signOnMode: null` for directory integrations such as Active Directory
 * (okta-sdk-dotnet#821), which its own OpenAPI document does not allow (signOnMode is required
 * and the discriminator). So that every answer validates, the simulator gives the AD app the
 * most generic mode whose schema fits an app without sign-on settings. Change it here if the
 * spec ever allows null.
 */
export const DIRECTORY_APP_SIGN_ON_MODE = 'AUTO_LOGIN';

/** What an app template needs to build its wire body. */
export interface AppInstance {
  id: string;
  /** The app's signing key id (SAML, WS-Fed, OIDC). */
  kid: string;
}

/** Who gets an app: groups by seed key (`everyone`, `dept:Sales`, `team:…`, `ad:…`) and a share of people directly. */
export interface AppAssignmentPlan {
  groups: readonly string[];
  /** Share of eligible people assigned directly (scope USER). */
  directShare?: number;
  /** Only people of these departments are eligible for direct assignment. */
  directDepartments?: readonly string[];
}

export interface AppTemplate {
  /** `name`: Okta's app-definition key. */
  name: string;
  label: string;
  signOnMode: string;
  status: 'ACTIVE' | 'INACTIVE';
  features: readonly string[];
  /** People sign in to it (it appears in `user.authentication.sso` events), with this weight. */
  ssoWeight: number;
  /** Provisioning apps give app users an `externalId` with this prefix and PROVISIONED status. */
  externalIdPrefix?: string;
  assign: AppAssignmentPlan;
  /** The rest of the Application body: accessibility, visibility, settings, credentials. */
  body(instance: AppInstance): Record<string, unknown>;
}

const VISIBLE = { autoSubmitToolbar: false, hide: { iOS: false, web: false } };
const NO_VPN = { vpn: { network: { connection: 'DISABLED' } } };
// biome-ignore lint/suspicious/noTemplateCurlyInString: Okta Expression Language, not a JS template
const LOGIN_TEMPLATE = { template: '${source.login}', type: 'BUILT_IN' };

/** An OIN SAML 2.0 app: Okta keeps the SAML details in the app definition; settings hold overrides. */
function oinSamlApp(
  name: string,
  label: string,
  app: Record<string, unknown>,
  options: Omit<AppTemplate, 'name' | 'label' | 'signOnMode' | 'body' | 'status'> & {
    status?: 'ACTIVE' | 'INACTIVE';
  },
): AppTemplate {
  return {
    name,
    label,
    signOnMode: 'SAML_2_0',
    status: options.status ?? 'ACTIVE',
    features: options.features,
    ssoWeight: options.ssoWeight,
    externalIdPrefix: options.externalIdPrefix,
    assign: options.assign,
    body: ({ kid }) => ({
      accessibility: { selfService: false },
      visibility: { ...VISIBLE, appLinks: { [`${name}_link`]: true } },
      credentials: { userNameTemplate: LOGIN_TEMPLATE, signing: { kid } },
      settings: {
        app,
        notifications: NO_VPN,
        signOn: {
          attributeStatements: [],
          allowMultipleAcsEndpoints: false,
          assertionSigned: true,
          honorForceAuthn: false,
          requestCompressed: false,
          responseSigned: true,
        },
      },
    }),
  };
}

const PROVISIONING = [
  'PUSH_NEW_USERS',
  'PUSH_USER_DEACTIVATION',
  'REACTIVATE_USERS',
  'PUSH_PROFILE_UPDATES',
  'IMPORT_NEW_USERS',
] as const;

/**
 * The demo org's ten apps, one per common sign-on mode, each shaped as Okta's OpenAPI
 * Application schema for its `signOnMode` (BookmarkApplication, SamlApplication,
 * BrowserPluginApplication, BasicAuthApplication, OpenIdConnectApplication…). The first is
 * the Active Directory integration that the APP_GROUPs come from.
 */
export const APP_CATALOGUE: readonly AppTemplate[] = [
  {
    name: 'active_directory',
    label: AD_DOMAIN,
    signOnMode: DIRECTORY_APP_SIGN_ON_MODE,
    status: 'ACTIVE',
    features: [
      'IMPORT_NEW_USERS',
      'IMPORT_PROFILE_UPDATES',
      'IMPORT_USER_SCHEMA',
      'PROFILE_MASTERING',
    ],
    ssoWeight: 0,
    assign: { groups: [] },
    body: () => ({
      accessibility: { selfService: false },
      visibility: { autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: {} },
      credentials: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Okta Expression Language, not a JS template
        userNameTemplate: { template: '${source.samAccountName}', type: 'BUILT_IN' },
        signing: {},
      },
      settings: {
        app: {
          namingContext: AD_DOMAIN,
          filterGroupsByOu: true,
          jitProvisioningEnabled: false,
          searchOrgUnit: 'OU=Staff,DC=corp,DC=acme,DC=example',
        },
        notifications: NO_VPN,
      },
    }),
  },
  oinSamlApp(
    'slack',
    'Slack',
    { domain: 'acme-corp', userEmailAsUsername: true },
    {
      features: [...PROVISIONING, 'GROUP_PUSH'],
      ssoWeight: 10,
      externalIdPrefix: 'U0',
      assign: { groups: ['everyone'] },
    },
  ),
  oinSamlApp(
    'salesforce',
    'Salesforce',
    {
      instanceType: 'PRODUCTION',
      integrationType: 'STANDARD',
      loginUrl: 'https://acme-corp.my.salesforce.com',
    },
    {
      features: [...PROVISIONING, 'IMPORT_PROFILE_UPDATES'],
      ssoWeight: 6,
      externalIdPrefix: '0055e00000',
      assign: { groups: ['dept:Sales', 'dept:Customer Support', 'dept:Executive'] },
    },
  ),
  oinSamlApp(
    'zoomus',
    'Zoom',
    { subDomain: 'acme-corp' },
    {
      features: [...PROVISIONING],
      ssoWeight: 5,
      externalIdPrefix: 'zm',
      assign: {
        groups: ['dept:Sales', 'dept:Marketing', 'dept:Customer Support', 'team:People Managers'],
        directShare: 0.1,
      },
    },
  ),
  {
    name: 'acmecorp_githubenterprise_1',
    label: 'GitHub Enterprise',
    signOnMode: 'SAML_2_0',
    status: 'ACTIVE',
    features: [],
    ssoWeight: 7,
    assign: {
      groups: ['dept:Engineering'],
      directShare: 0.3,
      directDepartments: ['Product', 'IT'],
    },
    body: ({ kid }) => ({
      accessibility: { selfService: false },
      visibility: { ...VISIBLE, appLinks: { acmecorp_githubenterprise_1_link: true } },
      credentials: { userNameTemplate: LOGIN_TEMPLATE, signing: { kid } },
      settings: {
        app: {},
        notifications: NO_VPN,
        signOn: {
          ssoAcsUrl: 'https://github.com/enterprises/acme-corp/saml/consume',
          audience: 'https://github.com/enterprises/acme-corp',
          recipient: 'https://github.com/enterprises/acme-corp/saml/consume',
          destination: 'https://github.com/enterprises/acme-corp/saml/consume',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Okta Expression Language, not a JS template
          subjectNameIdTemplate: '${user.userName}',
          subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
          responseSigned: true,
          assertionSigned: true,
          signatureAlgorithm: 'RSA_SHA256',
          digestAlgorithm: 'SHA256',
          honorForceAuthn: true,
          authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
          requestCompressed: false,
          allowMultipleAcsEndpoints: false,
          acsEndpoints: [],
          slo: { enabled: false },
          attributeStatements: [
            {
              type: 'EXPRESSION',
              name: 'emails',
              namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
              values: ['user.email'],
            },
            {
              type: 'GROUP',
              name: 'groups',
              namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
              filterType: 'STARTS_WITH',
              filterValue: 'Engineering',
            },
          ],
        },
      },
    }),
  },
  {
    name: 'bookmark',
    label: 'Acme Intranet',
    signOnMode: 'BOOKMARK',
    status: 'ACTIVE',
    features: [],
    ssoWeight: 4,
    assign: { groups: ['everyone'] },
    body: () => ({
      accessibility: { selfService: false },
      visibility: { ...VISIBLE, appLinks: { login: true } },
      credentials: { userNameTemplate: LOGIN_TEMPLATE, signing: {} },
      settings: {
        app: { requestIntegration: false, url: `https://intranet.${COMPANY_DOMAIN}/` },
        notifications: NO_VPN,
      },
    }),
  },
  {
    name: 'template_swa',
    label: 'Benefits Portal',
    signOnMode: 'BROWSER_PLUGIN',
    status: 'ACTIVE',
    features: [],
    ssoWeight: 1,
    assign: { groups: ['dept:Human Resources'], directShare: 0.12 },
    body: () => ({
      accessibility: { selfService: true },
      visibility: { ...VISIBLE, appLinks: { login: true } },
      credentials: {
        scheme: 'EDIT_USERNAME_AND_PASSWORD',
        userNameTemplate: LOGIN_TEMPLATE,
        revealPassword: false,
        signing: {},
      },
      settings: {
        app: {
          url: 'https://benefits.example.net/login',
          usernameField: '#email',
          passwordField: '#password',
          buttonField: '#sign-in',
          loginUrlRegex: '^https://benefits\\.example\\.net/login$',
        },
        notifications: NO_VPN,
      },
    }),
  },
  {
    name: 'template_basic_auth',
    label: 'Jenkins Build Server',
    signOnMode: 'BASIC_AUTH',
    // Retired this week (the history holds its application.lifecycle.deactivate).
    status: 'INACTIVE',
    features: [],
    ssoWeight: 0,
    assign: { groups: ['ad:Engineering-Servers'] },
    body: () => ({
      accessibility: { selfService: false },
      visibility: { ...VISIBLE, appLinks: { login: true } },
      credentials: {
        scheme: 'EDIT_USERNAME_AND_PASSWORD',
        userNameTemplate: LOGIN_TEMPLATE,
        revealPassword: false,
        signing: {},
      },
      settings: {
        app: {
          url: `https://build.${AD_DOMAIN}/login`,
          authURL: `https://build.${AD_DOMAIN}/j_security_check`,
        },
        notifications: NO_VPN,
      },
    }),
  },
  {
    name: 'oidc_client',
    label: 'Expense Portal',
    signOnMode: 'OPENID_CONNECT',
    status: 'ACTIVE',
    features: [],
    ssoWeight: 3,
    assign: { groups: ['team:People Managers', 'dept:Finance'], directShare: 0.08 },
    body: ({ id, kid }) => ({
      accessibility: { selfService: false },
      visibility: {
        autoSubmitToolbar: false,
        hide: { iOS: true, web: false },
        appLinks: { oidc_client_link: true },
      },
      credentials: {
        userNameTemplate: LOGIN_TEMPLATE,
        signing: { kid },
        oauthClient: {
          autoKeyRotation: true,
          client_id: id,
          token_endpoint_auth_method: 'client_secret_basic',
          pkce_required: true,
        },
      },
      settings: {
        app: {},
        notifications: NO_VPN,
        oauthClient: {
          client_uri: `https://expenses.${COMPANY_DOMAIN}`,
          redirect_uris: [`https://expenses.${COMPANY_DOMAIN}/authorization-code/callback`],
          post_logout_redirect_uris: [`https://expenses.${COMPANY_DOMAIN}/`],
          response_types: ['code'],
          grant_types: ['authorization_code', 'refresh_token'],
          application_type: 'web',
          consent_method: 'TRUSTED',
          issuer_mode: 'ORG_URL',
          idp_initiated_login: { mode: 'DISABLED', default_scope: [] },
          initiate_login_uri: `https://expenses.${COMPANY_DOMAIN}/login`,
          wildcard_redirect: 'DISABLED',
          refresh_token: { rotation_type: 'ROTATE', leeway: 30 },
        },
      },
    }),
  },
  {
    name: 'oidc_client',
    label: 'HR Sync Service',
    signOnMode: 'OPENID_CONNECT',
    status: 'ACTIVE',
    features: [],
    ssoWeight: 0,
    assign: { groups: [] },
    body: ({ id, kid }) => ({
      accessibility: { selfService: false },
      visibility: {
        autoSubmitToolbar: false,
        hide: { iOS: true, web: true },
        appLinks: { oidc_client_link: false },
      },
      credentials: {
        userNameTemplate: LOGIN_TEMPLATE,
        signing: { kid },
        oauthClient: {
          autoKeyRotation: true,
          client_id: id,
          token_endpoint_auth_method: 'private_key_jwt',
          pkce_required: false,
        },
      },
      settings: {
        app: {},
        notifications: NO_VPN,
        oauthClient: {
          response_types: ['token'],
          grant_types: ['client_credentials'],
          application_type: 'service',
          consent_method: 'REQUIRED',
          issuer_mode: 'ORG_URL',
          wildcard_redirect: 'DISABLED',
        },
      },
    }),
  },
];

/** Scopes granted to the HR sync service app (its okta.* grants). */
export const HR_SYNC_SCOPES = [
  'okta.users.manage',
  'okta.groups.manage',
  'okta.users.read',
] as const;

/** More OIN SAML apps for orgs asked for more than the demo's ten. */
export const EXTRA_SAML_APPS: readonly [name: string, label: string][] = [
  ['boxnet', 'Box'],
  ['docusign', 'DocuSign'],
  ['atlassian', 'Atlassian Cloud'],
  ['google', 'Google Workspace'],
  ['dropbox_for_business', 'Dropbox Business'],
  ['amazon_aws_sso', 'AWS IAM Identity Center'],
  ['figma', 'Figma'],
  ['pagerduty', 'PagerDuty'],
  ['zendesk', 'Zendesk'],
  ['workday', 'Workday'],
  ['servicenow_ud', 'ServiceNow'],
  ['tableau_online', 'Tableau Cloud'],
];
