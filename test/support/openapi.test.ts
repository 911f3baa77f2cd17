import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/simulator/index.ts';
import { oktaDocument, openApiValidator, validateExchange } from './openapi.ts';

const exchange = (
  method: string,
  path: string,
  status: number,
  body: unknown,
  route: string | null = 'matched',
): Exchange => ({
  method,
  key: `${method} ${path}`,
  route,
  path,
  url: `http://127.0.0.1:8080${path}`,
  status,
  body,
  headers: {},
});

const BASE = 'https://example.okta.com';
const USER_ID = '00ub0oNGTSWTBKOLGLNR';

/** A user as Okta answers GET /api/v1/users/{id} for an ACTIVE user. */
const activeUser = () => ({
  id: USER_ID,
  status: 'ACTIVE',
  created: '2024-05-01T12:00:00.000Z',
  activated: '2024-05-01T12:00:01.000Z',
  statusChanged: '2024-05-01T12:00:01.000Z',
  lastLogin: null,
  lastUpdated: '2024-05-01T12:00:01.000Z',
  passwordChanged: '2024-05-01T12:00:01.000Z',
  type: { id: 'otyfnjfba4ye7pgjB0g4' },
  profile: {
    login: 'isaac.brock@example.com',
    email: 'isaac.brock@example.com',
    firstName: 'Isaac',
    lastName: 'Brock',
    mobilePhone: null,
    department: 'Engineering',
  },
  credentials: {
    password: {},
    recovery_question: { question: 'Who is a major player in the cowboy scene?' },
    provider: { type: 'OKTA', name: 'OKTA' },
  },
  _links: {
    self: { href: `${BASE}/api/v1/users/${USER_ID}` },
    suspend: { href: `${BASE}/api/v1/users/${USER_ID}/lifecycle/suspend`, method: 'POST' },
  },
});

const group = () => ({
  id: '00g1emaKYZTWRYYRRTSK',
  created: '2024-05-01T12:00:00.000Z',
  lastUpdated: '2024-05-01T12:00:00.000Z',
  lastMembershipUpdated: '2024-05-01T12:00:00.000Z',
  objectClass: ['okta:user_group'],
  type: 'OKTA_GROUP',
  profile: { name: 'West Coast users', description: 'All users West of The Rockies' },
  _links: { users: { href: `${BASE}/api/v1/groups/00g1emaKYZTWRYYRRTSK/users` } },
});

const bookmarkApp = () => ({
  id: '0oa1gjh63g214q0Hq0g4',
  name: 'bookmark',
  label: 'Sample Bookmark App',
  status: 'ACTIVE',
  signOnMode: 'BOOKMARK',
  created: '2024-05-01T12:00:00.000Z',
  lastUpdated: '2024-05-01T12:00:00.000Z',
  accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
  visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
  settings: { app: { requestIntegration: false, url: 'https://example.com/bookmark.htm' } },
  _links: { self: { href: `${BASE}/api/v1/apps/0oa1gjh63g214q0Hq0g4` } },
});

const oktaError = (code: string) => ({
  errorCode: code,
  errorSummary: 'Not found: Resource not found: x (User)',
  errorLink: code,
  errorId: 'oae1a2b3c4d5e6f7g8h9',
  errorCauses: [],
});

describe('validateExchange on bodies', () => {
  it('passes a conforming User', () => {
    expect(
      validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 200, activeUser())),
    ).toEqual([]);
  });

  it('fails a User whose status is not one of Okta`s statuses, naming the field', () => {
    const problems = validateExchange(
      exchange('GET', `/api/v1/users/${USER_ID}`, 200, { ...activeUser(), status: 'BOGUS' }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^GET \/api\/v1\/users\/00ub0oNGTSWTBKOLGLNR → 200: body\/status must be equal to one of the allowed values \["ACTIVE",/,
    );
  });

  it('fails a Group whose profile is a number', () => {
    const problems = validateExchange(
      exchange('GET', '/api/v1/groups/00g1emaKYZTWRYYRRTSK', 200, { ...group(), profile: 5 }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('body/profile must be object');
  });

  it('passes a conforming Group', () => {
    expect(
      validateExchange(exchange('GET', '/api/v1/groups/00g1emaKYZTWRYYRRTSK', 200, group())),
    ).toEqual([]);
  });

  it('validates every element of a list answer', () => {
    const problems = validateExchange(
      exchange('GET', '/api/v1/users', 200, [
        activeUser(),
        { ...activeUser(), created: 'yesterday' },
      ]),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('body/1/created must match format "date-time"');
  });

  it('checks formats such as email', () => {
    const user = activeUser();
    user.profile.email = 'not-an-email';
    expect(validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 200, user))[0]).toContain(
      'body/profile/email must match format "email"',
    );
  });

  it('accepts null where Okta declares nullable', () => {
    expect(
      validateExchange(
        exchange('GET', `/api/v1/users/${USER_ID}`, 200, {
          ...activeUser(),
          status: 'STAGED',
          activated: null,
          statusChanged: null,
          passwordChanged: null,
        }),
      ),
    ).toEqual([]);
  });

  it('accepts null for an optional property, as Okta`s own examples send', () => {
    const appUser = {
      id: USER_ID,
      externalId: null,
      created: '2024-05-01T12:00:00.000Z',
      lastUpdated: '2024-05-01T12:00:00.000Z',
      scope: 'USER',
      status: 'ACTIVE',
      statusChanged: '2024-05-01T12:00:00.000Z',
      passwordChanged: null,
      syncState: 'DISABLED',
      credentials: { userName: 'isaac.brock@example.com' },
      profile: {},
      _links: {
        app: { href: `${BASE}/api/v1/apps/0oa1` },
        user: { href: `${BASE}/api/v1/users/${USER_ID}` },
      },
    };
    expect(
      validateExchange(exchange('GET', `/api/v1/apps/0oa1/users/${USER_ID}`, 200, appUser)),
    ).toEqual([]);
  });

  it('refuses null for a required property', () => {
    const user = { ...activeUser(), _links: { self: { href: null } } };
    expect(validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 200, user))[0]).toContain(
      'body/_links/self/href must be string',
    );
  });

  it('refuses a write-only secret in a response (an event hook`s auth header value)', () => {
    const hook = {
      id: 'whoctibkvqHnfXSnc0g4',
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      name: 'Hook',
      created: '2024-05-01T12:00:00.000Z',
      lastUpdated: '2024-05-01T12:00:00.000Z',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri: 'https://example.com/hook',
          authScheme: { type: 'HEADER', key: 'Authorization', value: 'secret' },
        },
      },
    };
    const problems = validateExchange(
      exchange('GET', '/api/v1/eventHooks/whoctibkvqHnfXSnc0g4', 200, hook),
    );
    expect(problems[0]).toContain('body/channel/config/authScheme/value boolean schema is false');
    const { value: _secret, ...withoutValue } = hook.channel.config.authScheme;
    hook.channel.config.authScheme = withoutValue as typeof hook.channel.config.authScheme;
    expect(
      validateExchange(exchange('GET', '/api/v1/eventHooks/whoctibkvqHnfXSnc0g4', 200, hook)),
    ).toEqual([]);
  });

  it('validates what goes on the wire: a Date is sent as its ISO string', () => {
    const user = { ...activeUser(), created: new Date('2024-05-01T12:00:00.000Z') };
    expect(validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 200, user))).toEqual([]);
  });
});

describe('discriminated Application bodies', () => {
  it('passes a conforming bookmark app', () => {
    expect(validateExchange(exchange('GET', '/api/v1/apps/0oa1', 200, bookmarkApp()))).toEqual([]);
  });

  it('checks the child schema that signOnMode selects', () => {
    const problems = validateExchange(
      exchange('GET', '/api/v1/apps/0oa1', 200, { ...bookmarkApp(), name: 'oidc_client' }),
    );
    expect(problems).toEqual([
      'GET /api/v1/apps/0oa1 → 200: body/name must be equal to one of the allowed values ["bookmark"] [#/allOf/1/properties/name/enum]',
    ]);
  });

  it('requires what the selected child requires', () => {
    const { settings: _settings, ...withoutSettings } = bookmarkApp();
    const problems = validateExchange(exchange('GET', '/api/v1/apps/0oa1', 200, withoutSettings));
    expect(problems[0]).toContain("body must have required property 'settings'");
  });

  it('still checks the base: an unknown signOnMode fails', () => {
    const problems = validateExchange(
      exchange('GET', '/api/v1/apps/0oa1', 200, { ...bookmarkApp(), signOnMode: 'TELEPATHY' }),
    );
    expect(problems[0]).toContain('body/signOnMode must be equal to one of the allowed values');
  });
});

describe('paths, methods and statuses', () => {
  it('fails a path that is not in Okta`s document', () => {
    expect(validateExchange(exchange('GET', '/api/v1/widgets', 200, []))).toEqual([
      "GET /api/v1/widgets → 200: path is not in Okta's document",
    ]);
  });

  it('fails a method that the path does not have', () => {
    expect(
      validateExchange(exchange('PATCH', `/api/v1/users/${USER_ID}`, 200, activeUser())),
    ).toEqual([
      `PATCH /api/v1/users/${USER_ID} → 200: method PATCH is not in Okta's document for /api/v1/users/{id}`,
    ]);
  });

  it('fails a status that the operation does not document, and lists those it does', () => {
    expect(
      validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 201, activeUser())),
    ).toEqual([
      `GET /api/v1/users/${USER_ID} → 201: status 201 is not documented for GET /api/v1/users/{id} (documented: 200, 403, 404, 429)`,
    ]);
  });

  it('prefers literal segments over parameters', () => {
    const validator = openApiValidator();
    expect(validator.findTemplate('/api/v1/groups/rules')?.template).toBe('/api/v1/groups/rules');
    expect(validator.findTemplate('/api/v1/groups/00g1')?.template).toBe(
      '/api/v1/groups/{groupId}',
    );
    expect(validator.findTemplate(`/api/v1/users/${USER_ID}/lifecycle/activate`)?.template).toBe(
      '/api/v1/users/{id}/lifecycle/activate',
    );
    expect(validator.findTemplate('/api/v1/meta/schemas/user/linkedObjects')?.template).toBe(
      '/api/v1/meta/schemas/user/linkedObjects',
    );
  });

  it('does not let an empty segment fill a parameter', () => {
    expect(openApiValidator().findTemplate('/api/v1/users/')).toBeUndefined();
  });

  it('checks documented error answers against Okta`s Error schema', () => {
    expect(
      validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 404, oktaError('E0000007'))),
    ).toEqual([]);
    expect(
      validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 404, { errorCode: 7 }))[0],
    ).toContain('body/errorCode must be string');
  });

  it('skips the token endpoint and the simulator`s control surface', () => {
    expect(
      validateExchange(exchange('POST', '/oauth2/v1/token', 200, { access_token: 1 })),
    ).toEqual([]);
    expect(validateExchange(exchange('GET', '/__simulator/requests', 200, { x: 1 }))).toEqual([]);
  });
});

describe('answers that every Okta endpoint gives', () => {
  it('accepts the simulator`s 404 E0000008 for a path no route serves', () => {
    expect(
      validateExchange(exchange('GET', '/api/v1/nope', 404, oktaError('E0000008'), null)),
    ).toEqual([]);
  });

  it('accepts 405 E0000022 for a method no route serves', () => {
    expect(
      validateExchange(
        exchange('PATCH', `/api/v1/users/${USER_ID}`, 405, oktaError('E0000022'), null),
      ),
    ).toEqual([]);
  });

  it('still fails a 404 for an unknown path when a route claimed it', () => {
    expect(validateExchange(exchange('GET', '/api/v1/nope', 404, oktaError('E0000008')))).toEqual([
      "GET /api/v1/nope → 404: path is not in Okta's document",
    ]);
  });

  it('accepts 401 E0000011 on a secured operation that does not list 401', () => {
    expect(validateExchange(exchange('GET', '/api/v1/users', 401, oktaError('E0000011')))).toEqual(
      [],
    );
  });

  it('accepts a 5xx with an Okta Error body', () => {
    expect(validateExchange(exchange('GET', '/api/v1/users', 503, oktaError('E0000010')))).toEqual(
      [],
    );
  });

  it('fails a 401 without a body', () => {
    expect(validateExchange(exchange('GET', '/api/v1/users', 401, undefined))).toEqual([
      "GET /api/v1/users → 401: Okta's Error body is expected",
    ]);
  });

  it('fails a 5xx whose body is not an Okta Error', () => {
    expect(
      validateExchange(exchange('GET', '/api/v1/users', 500, { errorCode: false }))[0],
    ).toContain('body/errorCode must be string');
  });

  it('accepts 400 for a bad search on the user list, which the document omits', () => {
    expect(validateExchange(exchange('GET', '/api/v1/users', 400, oktaError('E0000031')))).toEqual(
      [],
    );
  });
});

describe('answers for a missing required parameter', () => {
  it('accepts 400 E0000028 where the operation declares a required query parameter', () => {
    const path = `/api/v1/users/${USER_ID}/lifecycle/reset_password`;
    expect(validateExchange(exchange('POST', path, 400, oktaError('E0000028')))).toEqual([]);
  });

  it('fails a 400 where the operation neither documents it nor requires a parameter', () => {
    expect(
      validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 400, oktaError('E0000001'))),
    ).toEqual([
      `GET /api/v1/users/${USER_ID} → 400: status 400 is not documented for GET /api/v1/users/{id} (documented: 200, 403, 404, 429)`,
    ]);
  });
});

describe('bodies where the document has none', () => {
  it('accepts an empty lifecycle answer', () => {
    expect(
      validateExchange(
        exchange('POST', `/api/v1/users/${USER_ID}/lifecycle/suspend`, 200, undefined),
      ),
    ).toEqual([]);
  });

  it('accepts Okta`s `{}` lifecycle answer', () => {
    expect(
      validateExchange(exchange('POST', `/api/v1/users/${USER_ID}/lifecycle/suspend`, 200, {})),
    ).toEqual([]);
  });

  it('fails any other body where the document has none', () => {
    expect(
      validateExchange(
        exchange('POST', `/api/v1/users/${USER_ID}/lifecycle/suspend`, 200, { ok: true }),
      ),
    ).toEqual([
      `POST /api/v1/users/${USER_ID}/lifecycle/suspend → 200: Okta's document gives POST /api/v1/users/{id}/lifecycle/suspend 200 no JSON body`,
    ]);
  });

  it('accepts a 204 without a body', () => {
    expect(
      validateExchange(exchange('DELETE', `/api/v1/users/${USER_ID}`, 204, undefined)),
    ).toEqual([]);
  });

  it('fails a missing body where the document has one', () => {
    expect(validateExchange(exchange('GET', `/api/v1/users/${USER_ID}`, 200, undefined))).toEqual([
      `GET /api/v1/users/${USER_ID} → 200: a JSON body is documented but none was sent`,
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Okta's own response examples are captured real answers: the translation must accept them.

type Examples = Record<string, { $ref?: string; value?: unknown }>;
interface DocumentForExamples {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: {
    responses: Record<string, { content?: Record<string, { examples?: Examples }> }>;
    examples: Record<string, { value?: unknown }>;
  };
}

// The operations the simulator serves.
const SIMULATED =
  /^\/api\/v1\/(users|groups|apps|eventHooks|logs|meta\/schemas\/user)(\/\{[^}]+\}(\/(lifecycle\/\w+|users(\/\{[^}]+\})?|groups(\/\{[^}]+\})?|apps|appLinks|sessions|credentials\/(change_password|change_recovery_question|forgot_password)))?)?$/;

/** Examples of those operations that are wrong in themselves, and why. */
const EXAMPLE_MISTAKES: Record<string, string> = {
  'GET /api/v1/logs 200 LogTargetChangeDetails':
    'a single changeDetails object, not a LogEvent list',
  'GET /api/v1/logs 200 ListLogsWithAdditionalSecurityContext': 'a single object, not a list',
  'GET /api/v1/logs 200 ListLogs': 'postalCode and version written as numbers',
  'GET /api/v1/users 200 UsersSearch': 'secondEmail "" is not an email',
  'POST /api/v1/apps/{appId}/users/{userId} 400 AppUserUpdateCredEx': 'errorCauses is an object',
  'GET /api/v1/apps 200 ResponseExample1': 'a SAML app whose signOn lacks required properties',
  'GET /api/v1/apps 200 ResponseExample2': 'a SAML app whose signOn lacks required properties',
  'GET /api/v1/apps 200 ResponseExample3': 'a SAML app whose signOn lacks required properties',
  'GET /api/v1/apps 200 ResponseExample4': 'a SAML app whose signOn lacks required properties',
  'POST /api/v1/apps 200 SAML_2_0': 'settings.signOn lacks properties its schema requires',
  'PUT /api/v1/apps/{appId} 200 SAML_2_0': 'settings.signOn lacks properties its schema requires',
  'POST /api/v1/apps 200 WS_FEDERATION': 'settings.signOn lacks properties its schema requires',
  'PUT /api/v1/apps/{appId} 200 WS_FEDERATION':
    'settings.signOn lacks properties its schema requires',
  'POST /api/v1/apps 200 BROWSER_PLUGIN_SWA_3FIELD':
    'settings.app lacks properties its schema requires',
  'PUT /api/v1/apps/{appId} 200 BROWSER_PLUGIN_SWA_3FIELD':
    'settings.app lacks properties its schema requires',
};

function responseExamples(): [string, string, number, unknown][] {
  const document = oktaDocument() as DocumentForExamples;
  const found: [string, string, number, unknown][] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    if (!SIMULATED.test(template)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        const ref = (raw as { $ref?: string }).$ref;
        const response = ref
          ? document.components.responses[ref.split('/').pop()!]!
          : (raw as { content?: Record<string, { examples?: Examples }> });
        const examples = response.content?.['application/json']?.examples ?? {};
        for (const [name, example] of Object.entries(examples)) {
          const value = example.$ref
            ? document.components.examples[example.$ref.split('/').pop()!]?.value
            : example.value;
          const id = `${method.toUpperCase()} ${template} ${status} ${name}`;
          if (value === undefined || id in EXAMPLE_MISTAKES) continue;
          found.push([id, method.toUpperCase(), Number(status), value]);
        }
      }
    }
  }
  return found;
}

describe('Okta`s own response examples', () => {
  const examples = responseExamples();

  it('covers the simulated operations', () => {
    expect(examples.length).toBeGreaterThan(100);
  });

  it.each(examples)('accepts %s', (id, method, status, body) => {
    const template = id.split(' ')[1]!;
    const path = template.replaceAll(/\{[^}]+\}/g, '00u1example');
    expect(validateExchange(exchange(method, path, status, body))).toEqual([]);
  });
});
