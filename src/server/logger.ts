import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { OktaError } from '../okta/index.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

/** One JSON object per line on stdout: what log shippers (Loki, CloudWatch, ELK) read as is. */
export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * What a log line must never hold, as a last guard: the gateway does not log credentials in the
 * first place, but a field named like one, or a value shaped like a bearer JWT or an SSWS token,
 * is replaced before the line is written.
 */
const SECRET_KEY =
  /authorization|cookie|password|secret|token|api[-_]?key|credential|private[-_]?key/i;
const SECRET_VALUE = [
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, // a JWS (header starts `{"`)
  /\bSSWS\s+[A-Za-z0-9_-]+/gi,
  /\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi,
];
export const REDACTED = '[REDACTED]';

function redactText(text: string): string {
  let out = text;
  for (const pattern of SECRET_VALUE) out = out.replace(pattern, REDACTED);
  return out;
}

/** An error as a log field: its name, code and message; the stack only for unexpected ones. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  const fields: LogFields = { name: error.name, message: error.message };
  if (typeof code === 'string') fields.code = code;
  if (error instanceof GraphQLError) {
    if (typeof error.extensions.code === 'string') fields.code = error.extensions.code;
    if (error.originalError) fields.cause = errorFields(error.originalError);
  } else if (!(error instanceof OktaError) && error.stack) {
    fields.stack = error.stack;
  }
  return fields;
}

function sanitize(value: unknown, key: string, seen: WeakSet<object>, depth: number): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null && typeof value !== 'number') {
    return REDACTED;
  }
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return sanitize(errorFields(value), key, seen, depth);
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value) || depth > 6) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => sanitize(v, '', seen, depth + 1));
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k] = sanitize(v, k, seen, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where each line goes (without its newline); stdout by default. Tests capture it. */
  write?: (line: string) => void;
  fields?: LogFields;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const threshold = SEVERITY[options.level];
  const base = options.fields ?? {};

  const log = (level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields = {}) => {
    if (SEVERITY[level] < threshold) return;
    const entry = sanitize(
      { time: now().toISOString(), level, msg, ...base, ...fields },
      '',
      new WeakSet(),
      0,
    );
    write(JSON.stringify(entry));
  };
  return {
    level: options.level,
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/**
 * Yoga's own logging through ours. Yoga logs the original of every error it masks at `error`;
 * an Okta error (a missing user, a rate limit) is an answer the client already got as a typed
 * GraphQL error, so it is kept at `debug`; anything else unexpected stays an `error`.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const toEntry = (args: unknown[]): [string, LogFields] => {
    const errors = args.filter((a) => a instanceof Error);
    const text = args
      .filter((a) => !(a instanceof Error))
      .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
      .join(' ');
    const fields: LogFields = {};
    if (errors.length > 0) fields.error = errorFields(errors[0]);
    return [text || (errors[0] as Error | undefined)?.message || 'yoga', fields];
  };
  const isOktaError = (args: unknown[]) =>
    args.some(
      (a) =>
        a instanceof OktaError ||
        (a instanceof GraphQLError && a.originalError instanceof OktaError),
    );
  return {
    debug: (...args) => logger.debug(...toEntry(args)),
    info: (...args) => logger.info(...toEntry(args)),
    warn: (...args) => logger.warn(...toEntry(args)),
    error: (...args) =>
      isOktaError(args) ? logger.debug(...toEntry(args)) : logger.error(...toEntry(args)),
  };
}
