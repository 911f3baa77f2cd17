import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { Exchange } from '../../src/simulator/index.ts';

/**
 * Checks simulator answers against Okta's own OpenAPI document (OpenAPI 3.0, kept in the repo as
 * test/fixtures/okta-management-openapi.yaml). The document's component schemas are translated
 * once into one JSON Schema (draft-07) for ajv; each (path, method, status) is compiled the first
 * time it is seen.
 */

// ajv-formats is CommonJS (`module.exports = plugin; exports.default = plugin`): under NodeNext
// the default import is `module.exports`, and `.default` is the plugin in both type and value.
const addFormats = formatsModule.default;

const DOCUMENT_URL = new URL('../fixtures/okta-management-openapi.yaml', import.meta.url);
const CACHE_DIR = new URL('../../node_modules/.cache/', import.meta.url);
// The id under which the translated component schemas are registered with ajv.
const SCHEMAS_ID = 'okta-management';

/** Simulator paths that are not part of the Management API document. */
const SKIPPED_PATHS: readonly RegExp[] = [/^\/oauth2\/v1\/token$/, /^\/__simulator\//];

/**
 * Answers that every Okta endpoint can give although the document lists them on few operations
 * or none. Each must still carry Okta's Error body. Kept in one table so it is easy to audit.
 */
const IMPLICIT_ERROR_ANSWERS: readonly {
  applies: (answer: { status: number; operation: string; requiredQuery: boolean }) => boolean;
  why: string;
}[] = [
  {
    applies: ({ status }) => status === 401,
    why: 'every operation is secured (apiToken, oauth2); a bad credential answers 401 E0000011',
  },
  {
    applies: ({ status }) => status >= 500,
    why: 'the document lists no 5xx, yet Okta answers 500 E0000009 / 503 like any service',
  },
  {
    applies: ({ status, operation }) =>
      status === 400 &&
      ['GET /api/v1/users', 'GET /api/v1/groups', 'GET /api/v1/apps'].includes(operation),
    why: 'a malformed or unsupported filter/search answers 400 E0000031 (not documented on these lists)',
  },
  {
    applies: ({ status, requiredQuery }) => status === 400 && requiredQuery,
    why: 'an operation that declares a required query parameter (reset_password?sendEmail) answers 400 E0000028 without it',
  },
];

const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Okta writes an unset optional property as `null` (its own examples do so throughout:
 * Application accessibility.loginRedirectUrl, settings.notes.admin, AppUser externalId, LogEvent
 * client.zone, outcome.reason, actor.detailEntry, …) while its schemas rarely say `nullable`.
 * So a property that its object does not require also accepts null; required ones do not, and
 * every other rule (types, enums, formats, required) stays as written.
 */
const OPTIONAL_MEANS_NULLABLE = true;

/**
 * Plain mistakes in Okta's schemas, corrected where the document itself shows the intent. Each
 * entry patches one schema property and says why. Nothing else of the document is changed.
 */
const ERRATA: readonly {
  schema: string;
  path: readonly string[];
  patch: SchemaObject;
  evidence: string;
}[] = [
  {
    schema: 'Application',
    path: ['properties', '_embedded', 'properties', 'user'],
    // As written, every property of the embedded user must be an object (so its string `id`
    // fails); the description says it is "the specified Application User".
    patch: { $ref: '#/components/schemas/AppUser' },
    evidence: 'Application._embedded.user description: "The specified Application User"',
  },
];

// At most this many schema errors are listed per response.
const MAX_REPORTED = 5;

/** An unknown path or method: Okta's own "no such endpoint" answers. */
const UNROUTED_STATUSES: ReadonlySet<number> = new Set([404, 405]);

// Formats that ajv-formats checks and that Okta's document uses with their standard meaning.
// Anything else Okta writes in `format` ("ISO 8601 compliant timestamp", "Opaque token", …) is
// prose, not a format, and is dropped.
const CHECKED_FORMATS: ReadonlySet<string> = new Set([
  'date-time',
  'date',
  'time',
  'email',
  'uri',
  'uri-reference',
  'url',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
]);

// JSON Schema keywords copied as they are; everything else (description, example, readOnly, xml,
// externalDocs, x-*, default, deprecated, …) is an annotation and dropped.
const COPIED_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type SchemaObject = { [key: string]: unknown };
type JsonSchema = boolean | JsonObject;

interface OpenApiResponse {
  $ref?: string;
  content?: Record<string, { schema?: SchemaObject }>;
}
interface OpenApiParameter {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  responses?: Record<string, OpenApiResponse>;
}
// Operations by lower-case method, beside the path's own `parameters`.
type PathItem = Record<string, OpenApiOperation> & { parameters?: OpenApiParameter[] };
interface OpenApiDocument {
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, SchemaObject>;
    responses?: Record<string, OpenApiResponse>;
    parameters?: Record<string, OpenApiParameter>;
  };
}

interface PathTemplate {
  template: string;
  /** Literal segments as strings; `{param}` segments as null. */
  segments: (string | null)[];
  item: PathItem;
}

const isObject = (value: unknown): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const schemaName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
const refTo = (name: string) =>
  `${SCHEMAS_ID}#/definitions/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
// A base schema that carries a discriminator is also registered without it, for its children.
const withoutDiscriminator = (name: string) => `${name}.withoutDiscriminator`;

/**
 * Translate one OpenAPI 3.0 schema object into JSON Schema draft-07.
 * `baseRefs` names the discriminator bases whose `$ref` in this schema's own `allOf` must point at
 * the base without its discriminator (a child inherits the base; dispatching again would loop).
 */
function translate(schema: unknown, baseRefs: ReadonlySet<string> = new Set()): JsonSchema {
  if (typeof schema === 'boolean') return schema;
  if (!isObject(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  if (typeof schema.$ref === 'string') {
    // OpenAPI 3.0 ignores a $ref's siblings.
    return { $ref: refTo(schemaName(schema.$ref)) };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'enum' && Array.isArray(value)) {
      // Okta's document repeats some values (SamlAssertionEncryption's AES256_CBC); draft-07
      // wants them unique, and a set means the same.
      out.enum = [...new Set(value as Json[])];
    } else if (COPIED_KEYWORDS.has(key)) {
      out[key] = value as Json;
    } else if (key === 'format') {
      if (typeof value === 'string' && CHECKED_FORMATS.has(value)) out.format = value;
    } else if (key === 'properties' && isObject(value)) {
      const properties: JsonObject = {};
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      for (const [name, property] of Object.entries(value)) {
        if (isObject(property) && property.writeOnly === true) {
          // OpenAPI: a writeOnly property "SHOULD NOT be sent as part of the response", and its
          // `required` applies to requests only. Passwords and hook secrets live here.
          properties[name] = false;
        } else {
          const translated = translate(property);
          properties[name] =
            OPTIONAL_MEANS_NULLABLE && !required.has(name) ? allowNull(translated) : translated;
        }
      }
      out.properties = properties;
    } else if (key === 'required' && Array.isArray(value)) {
      const props = isObject(schema.properties) ? schema.properties : {};
      out.required = value.filter(
        (name) => !(isObject(props[name]) && props[name].writeOnly === true),
      ) as Json[];
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = translate(value);
    } else if (key === 'not') {
      out.not = translate(value);
    } else if (
      key === 'oneOf' &&
      Array.isArray(value) &&
      isObject(schema.discriminator) &&
      isObject(schema.discriminator.mapping) &&
      schema.allOf === undefined
    ) {
      // OpenAPI: beside a discriminator, its property's value picks the one schema that applies,
      // so schemas that overlap (StandardRole, CustomRole) are not refused for matching twice.
      const property = String(schema.discriminator.propertyName);
      out.anyOf = value.map((part) => translate(part));
      out.allOf = Object.entries(schema.discriminator.mapping).map(([name, target]) => ({
        if: { properties: { [property]: { const: name } }, required: [property] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
        then: { $ref: refTo(schemaName(String(target))) },
      }));
    } else if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      const parts = value.map((part) =>
        key === 'allOf' && isObject(part) && typeof part.$ref === 'string'
          ? baseRefs.has(schemaName(part.$ref))
            ? { $ref: refTo(withoutDiscriminator(schemaName(part.$ref))) }
            : translate(part)
          : translate(part),
      );
      out[key] = parts;
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      // OpenAPI 3.0 writes these as booleans beside minimum/maximum; draft-07 wants the number.
      const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (value === true && typeof schema[bound] === 'number') out[key] = schema[bound] as number;
    }
  }
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (typeof out[key] === 'number')
      delete out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
  }
  return schema.nullable === true ? allowNull(out) : out;
}

/** The schema, or null. */
function allowNull(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') return schema;
  if (typeof schema.type === 'string' && schema.$ref === undefined) {
    const out: JsonObject = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(schema.type)) {
    if (schema.type.includes('null')) return schema;
    return { ...schema, type: [...schema.type, 'null'] };
  }
  return { anyOf: [{ type: 'null' }, schema] };
}

/**
 * The component schemas as one draft-07 document. A schema with a discriminator mapping becomes
 * a dispatcher: it validates the base (without the discriminator) and, for each mapped value of
 * the discriminating property, the mapped child schema.
 */
function translateComponents(schemas: Record<string, SchemaObject>): JsonObject {
  // child name → the bases that map to it (and that it inherits from through allOf).
  const basesOf = new Map<string, Set<string>>();
  for (const [name, schema] of Object.entries(schemas)) {
    const discriminator = schema.discriminator;
    if (!isObject(discriminator) || !isObject(discriminator.mapping)) continue;
    for (const target of Object.values(discriminator.mapping)) {
      const child = schemaName(String(target));
      if (!basesOf.has(child)) basesOf.set(child, new Set());
      basesOf.get(child)!.add(name);
    }
  }
  const definitions: JsonObject = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const own = translate(schema, basesOf.get(name));
    const discriminator = schema.discriminator;
    if (!isObject(discriminator) || !isObject(discriminator.mapping)) {
      definitions[name] = own;
      continue;
    }
    const property = String(discriminator.propertyName);
    definitions[withoutDiscriminator(name)] = own;
    const dispatch: Json[] = [{ $ref: refTo(withoutDiscriminator(name)) }];
    for (const [value, target] of Object.entries(discriminator.mapping)) {
      const child = schemaName(String(target));
      // A mapping back onto the base itself (UserFactorPushTransaction's SUCCESS) adds nothing.
      if (child === name) continue;
      dispatch.push({
        if: { properties: { [property]: { const: value } }, required: [property] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
        then: { $ref: refTo(child) },
      });
    }
    definitions[name] = { allOf: dispatch };
  }
  return { $id: SCHEMAS_ID, definitions };
}

class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly templatesByLength = new Map<number, PathTemplate[]>();
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: OpenApiDocument) {
    applyErrata(document.components.schemas);
    // strict: false, because Okta's document is the contract as written: unknown keywords and
    // loose combinations are its own, not ours to refuse.
    // allErrors: a report lists every broken field at once; valid bodies cost the same either way.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(translateComponents(this.document.components.schemas));
    for (const [template, item] of Object.entries(this.document.paths)) {
      const segments = template
        .split('/')
        .map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment));
      const list = this.templatesByLength.get(segments.length) ?? [];
      list.push({ template, segments, item });
      this.templatesByLength.set(segments.length, list);
    }
  }

  /** The template for a concrete path; literal segments win over `{params}`, leftmost first. */
  findTemplate(path: string): PathTemplate | undefined {
    const parts = path.split('/');
    let best: PathTemplate | undefined;
    for (const candidate of this.templatesByLength.get(parts.length) ?? []) {
      const fits = candidate.segments.every((segment, i) =>
        segment === null ? parts[i] !== '' : segment === parts[i],
      );
      if (fits && (!best || moreLiteral(candidate, best))) best = candidate;
    }
    return best;
  }

  validate(exchange: Exchange): string[] {
    const { method, path, status } = exchange;
    if (SKIPPED_PATHS.some((skipped) => skipped.test(path))) return [];
    const where = `${method} ${path} → ${status}`;
    const body = wireBody(exchange.body);
    const template = this.findTemplate(path);
    const operation = HTTP_METHODS.has(method) ? template?.item[method.toLowerCase()] : undefined;
    if (!template || !operation) {
      // The simulator saying "no such endpoint" is right, and the document cannot describe it.
      if (UNROUTED_STATUSES.has(status) && exchange.route === null) {
        return this.checkError(where, body);
      }
      return [
        template
          ? `${where}: method ${method} is not in Okta's document for ${template.template}`
          : `${where}: path is not in Okta's document`,
      ];
    }
    const operationKey = `${method.toUpperCase()} ${template.template}`;
    const responses = operation.responses ?? {};
    const statusKey = [`${status}`, `${Math.floor(status / 100)}XX`, 'default'].find(
      (key) => key in responses,
    );
    if (statusKey === undefined) {
      const requiredQuery = this.hasRequiredQueryParameter(template.item, operation);
      const answer = { status, operation: operationKey, requiredQuery };
      if (IMPLICIT_ERROR_ANSWERS.some((implicit) => implicit.applies(answer))) {
        return this.checkError(where, body);
      }
      return [
        `${where}: status ${status} is not documented for ${operationKey} (documented: ${Object.keys(responses).join(', ')})`,
      ];
    }
    const cacheKey = `${operationKey} ${statusKey}`;
    if (!this.compiled.has(cacheKey)) {
      const schema = this.responseSchema(responses[statusKey]!);
      this.compiled.set(cacheKey, schema === undefined ? null : this.ajv.compile(schema));
    }
    const validator = this.compiled.get(cacheKey)!;
    if (validator === null) {
      // No JSON body documented. Okta's lifecycle calls answer `{}` where the document says
      // nothing (docs/okta-behaviour.md §0.1), so an empty object passes; any other body does not.
      if (body === undefined || (isObject(body) && Object.keys(body).length === 0)) return [];
      return [`${where}: Okta's document gives ${operationKey} ${statusKey} no JSON body`];
    }
    if (body === undefined) return [`${where}: a JSON body is documented but none was sent`];
    return validator(body) ? [] : [`${where}: ${describe(validator.errors ?? [])}`];
  }

  /** An answer outside the document's responses must still be Okta's Error object. */
  private checkError(where: string, body: unknown): string[] {
    const cacheKey = '#Error';
    if (!this.compiled.has(cacheKey)) {
      this.compiled.set(cacheKey, this.ajv.compile({ $ref: refTo('Error') }));
    }
    const validator = this.compiled.get(cacheKey)!;
    if (body === undefined) return [`${where}: Okta's Error body is expected`];
    return validator(body) ? [] : [`${where}: ${describe(validator.errors ?? [])}`];
  }

  private hasRequiredQueryParameter(item: PathItem, operation: OpenApiOperation): boolean {
    return [...(item.parameters ?? []), ...(operation.parameters ?? [])].some((parameter) => {
      const resolved = parameter.$ref
        ? this.document.components.parameters?.[schemaName(parameter.$ref)]
        : parameter;
      return resolved?.in === 'query' && resolved.required === true;
    });
  }

  private responseSchema(response: OpenApiResponse): JsonSchema | undefined {
    const resolved = response.$ref
      ? this.document.components.responses?.[schemaName(response.$ref)]
      : response;
    const schema = resolved?.content?.['application/json']?.schema;
    return schema === undefined ? undefined : translate(schema);
  }
}

function applyErrata(schemas: Record<string, SchemaObject>): void {
  for (const erratum of ERRATA) {
    let target: unknown = schemas[erratum.schema];
    for (const key of erratum.path) target = isObject(target) ? target[key] : undefined;
    if (!isObject(target)) {
      throw new Error(`erratum for ${erratum.schema}/${erratum.path.join('/')}: no such schema`);
    }
    if ('$ref' in erratum.patch) {
      for (const key of Object.keys(target)) delete target[key];
    }
    Object.assign(target, erratum.patch);
  }
}

/** Whether `a` has a literal segment where `b` has a parameter, at the first place they differ. */
function moreLiteral(a: PathTemplate, b: PathTemplate): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = a.segments[i] !== null;
    const bLiteral = b.segments[i] !== null;
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

/** The body as the client receives it: what JSON.stringify keeps (no undefined, no methods). */
function wireBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  return JSON.parse(JSON.stringify(body)) as unknown;
}

function describe(errors: ErrorObject[]): string {
  // The "or null" branches this translation adds, and the combinator summaries that only repeat
  // their branches' errors, say nothing a reader needs.
  const specific = errors.filter(
    (e) =>
      !(e.keyword === 'type' && e.params.type === 'null') &&
      !['anyOf', 'oneOf', 'allOf', 'if'].includes(e.keyword),
  );
  const shown = specific.length > 0 ? specific : errors;
  const lines = [...new Set(shown.map(line))];
  const more = lines.length > MAX_REPORTED ? `; and ${lines.length - MAX_REPORTED} more` : '';
  return lines.slice(0, MAX_REPORTED).join('; ') + more;
}

function line(e: ErrorObject): string {
  const at = e.instancePath === '' ? 'body' : `body${e.instancePath}`;
  const detail = e.keyword === 'enum' ? ` ${JSON.stringify(e.params.allowedValues)}` : '';
  return `${at} ${e.message ?? e.keyword}${detail} [${e.schemaPath}]`;
}

/**
 * The parsed document. Parsing 28k lines of YAML takes about a second, and every test file runs in
 * its own process, so the parse is cached as JSON under node_modules/.cache, keyed by the
 * document's hash (written to a temporary name and renamed, as test files start in parallel).
 */
function loadDocument(): OpenApiDocument {
  const text = readFileSync(DOCUMENT_URL, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const cached = new URL(`okta-openapi-${hash}.json`, CACHE_DIR);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as OpenApiDocument;
  } catch {
    const document = parse(text) as OpenApiDocument;
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const temporary = new URL(`${cached.pathname}.${process.pid}.tmp`, cached);
      writeFileSync(temporary, JSON.stringify(document));
      renameSync(temporary, cached);
    } catch {
      // A read-only checkout only loses the speed-up.
    }
    return document;
  }
}

let document: OpenApiDocument | undefined;

/** Okta's document as parsed (with the errata applied), for tests that read its examples. */
export function oktaDocument(): unknown {
  openApiValidator();
  return document;
}

let validator: OpenApiValidator | undefined;

/** The validator, built on first use. */
export function openApiValidator(): OpenApiValidator {
  if (!validator) {
    document = loadDocument();
    validator = new OpenApiValidator(document);
  }
  return validator;
}

/**
 * Validate one simulator answer against the schema that Okta's OpenAPI document gives for its
 * path, method and status. Returns the problems (empty when it conforms).
 */
export function validateExchange(exchange: Exchange): string[] {
  return openApiValidator().validate(exchange);
}
