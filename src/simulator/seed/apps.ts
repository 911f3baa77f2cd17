/**
 * The seeded apps, one per common sign-on mode (the HR sync service with its scope grants),
 * and who is assigned to each: groups first, then people directly.
 */
import { type AppRecord, iso } from '../store.ts';
import { APP_CATALOGUE, type AppTemplate, EXTRA_SAML_APPS, HR_SYNC_SCOPES } from './apps-data.ts';
import { ALNUM_UPPER, BASE64URL } from './choose.ts';
import { DAY, HOUR, ORG_AGE, type Person, type SeededApp, type SeedState } from './state.ts';

export function createApps(state: SeedState, count: number): void {
  for (let i = 0; i < count; i++) {
    const template = appTemplate(i);
    const id = state.rng.id('0oa');
    const kid = state.rng.chars(43, BASE64URL);
    // The AD integration came first; the rest were added over the org's life.
    const createdAt =
      template.name === 'active_directory'
        ? state.orgCreated + 2 * DAY
        : state.orgCreated + 5 * DAY + Math.floor(state.rng.next() * (ORG_AGE - 60 * DAY));
    const record: AppRecord = {
      id,
      name: template.name,
      label: template.label,
      status: template.status,
      signOnMode: template.signOnMode,
      created: iso(new Date(createdAt)),
      lastUpdated: iso(new Date(createdAt)),
      body: { features: [...template.features], ...template.body({ id, kid }) },
      users: new Map(),
      groups: new Map(),
      grants: new Map(),
    };
    state.org.apps.set(id, record);
    const app = { record, template, createdAt };
    state.apps.push(app);
    if (template.label === 'HR Sync Service' && !state.hrSync) {
      state.hrSync = app;
      for (const scopeId of HR_SYNC_SCOPES) {
        const grantId = state.rng.id('oag');
        record.grants.set(grantId, {
          id: grantId,
          issuer: state.org.baseUrl,
          scopeId,
          clientId: id,
          created: record.created,
          createdBy: { id: state.superAdmin.user.id, type: 'User' },
          source: 'ADMIN',
          status: 'ACTIVE',
        });
      }
    }
  }
}

export function appByLabel(state: SeedState, label: string): SeededApp | undefined {
  return state.apps.find((a) => a.template.label === label);
}

export function assignApps(state: SeedState): void {
  const rng = state.rng;
  for (const app of state.apps) {
    const { record, template } = app;
    let priority = 0;
    for (const key of template.assign.groups) {
      const group = state.groupsByKey.get(key);
      if (!group) continue;
      const assignedAt = Math.max(app.createdAt, state.groupCreatedAt.get(group.id) ?? 0) + HOUR;
      record.groups.set(group.id, {
        id: group.id,
        priority: priority++,
        profile: {},
        lastUpdated: iso(new Date(assignedAt)),
      });
      for (const userId of group.members) {
        if (state.personById.get(userId)?.user.status === 'DEPROVISIONED') continue;
        state.org.grantAppViaGroup(record, group.id, userId);
      }
    }
    const share = template.assign.directShare ?? 0;
    if (share > 0) {
      const departments = template.assign.directDepartments;
      for (const person of state.people) {
        if (person.user.status === 'DEPROVISIONED' || person === state.superAdmin) continue;
        if (departments && !departments.includes(person.department.name)) continue;
        if (!rng.chance(share)) continue;
        const existing = record.users.get(person.user.id);
        if (existing) existing.direct = true;
        else record.users.set(person.user.id, state.org.newAppUser(person.user.id, true));
      }
    }
    settleAppUsers(state, app);
  }
}

function settleAppUsers(state: SeedState, app: SeededApp): void {
  const { record, template } = app;
  for (const appUser of record.users.values()) {
    const person = state.personById.get(appUser.id) as Person;
    const createdAt = Math.min(
      state.windowEnd,
      Math.max(app.createdAt, person.createdAt) + HOUR + state.rng.int(2 * DAY),
    );
    const created = iso(new Date(createdAt));
    appUser.created = created;
    appUser.lastUpdated = created;
    appUser.statusChanged = created;
    if (template.externalIdPrefix) {
      const pending = person.user.status === 'STAGED' || person.user.status === 'PROVISIONED';
      appUser.status = pending ? 'STAGED' : 'PROVISIONED';
      appUser.syncState = pending ? 'DISABLED' : 'SYNCHRONIZED';
      if (!pending)
        appUser.externalId = `${template.externalIdPrefix}${state.rng.chars(8, ALNUM_UPPER)}`;
    }
  }
}

/** The i-th app of an org: the demo catalogue, then more OIN SAML apps, then numbered copies. */
function appTemplate(i: number): AppTemplate {
  if (i < APP_CATALOGUE.length) return APP_CATALOGUE[i] as AppTemplate;
  const extra = i - APP_CATALOGUE.length;
  const [name, label] = EXTRA_SAML_APPS[extra % EXTRA_SAML_APPS.length] as [string, string];
  const copy = Math.floor(extra / EXTRA_SAML_APPS.length);
  const template = APP_CATALOGUE[2] as AppTemplate; // Salesforce's shape: an OIN SAML app
  return {
    ...template,
    name,
    label: copy === 0 ? label : `${label} ${copy + 1}`,
    externalIdPrefix: undefined,
    features: [],
    ssoWeight: 2,
    assign: { groups: [`gen:${extra}`, `gen:${extra + 7}`], directShare: 0.02 },
    body: (instance) => {
      const body = template.body(instance);
      const settings = body.settings as Record<string, unknown>;
      return {
        ...body,
        visibility: {
          autoSubmitToolbar: false,
          hide: { iOS: false, web: false },
          appLinks: { [`${name}_link`]: true },
        },
        settings: { ...settings, app: {} },
      };
    },
  };
}
