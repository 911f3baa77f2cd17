/** The company's people: names, departments, offices, devices, recovery questions, custom attributes. */

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
 * (`definitions.custom.properties`, docs/okta-behaviour.md §6). employeeNumber, costCenter,
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

/** Home addresses come from the documentation ranges (RFC 5737 TEST-NET-1/2/3). */
export const TEST_NETS = ['192.0.2.', '198.51.100.', '203.0.113.'] as const;
