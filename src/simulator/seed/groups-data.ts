/** The company's groups beyond Everyone and the departments: teams, projects, Active Directory's. */

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
