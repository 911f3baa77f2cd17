/** The company's applications: one per common sign-on mode, then more OIN SAML apps for big orgs. */
import { AD_DOMAIN, COMPANY_DOMAIN } from './company.ts';

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
