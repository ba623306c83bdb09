import { resolve } from 'node:path';

export type RunMode = 'development' | 'production' | 'test';

/**
 * Every setting the platform reads from the environment, validated once at start-up so a
 * mistake stops the process with a message naming the variable instead of failing later.
 * Each variable is documented in the README.
 */
export interface AppConfig {
  mode: RunMode;
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Base64 PKCS#8 DER of the platform's Ed25519 countersigning key; generated into dataDir when unset. */
  signingKey?: string;
  /** Secret for login tokens; generated into dataDir when unset. */
  tokenSecret?: string;
  tokenTtlSeconds: number;
  /** Base64 of the 32-byte AES-256 key complainants' contact details are encrypted with; generated into dataDir when unset. */
  contactEncryptionKey?: string;
  /** Complaints one client address may lodge on the web per hour. */
  complaintsPerHourPerClient: number;
  seedDemoData: boolean;
  /** With the demo data, also a procurement monitored through award (bids, findings, red flags, a report). */
  seedMonitoringDemo: boolean;
  templatesDir: string;
  /** Where the GraphQL schema is printed at start-up; unset keeps it in memory. */
  schemaFile?: string;
  loginAttemptsPerMinute: number;
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  /** Largest evidence file a monitor may upload. */
  evidenceMaxBytes: number;
  /** Largest OCDS package accepted by the HTTP import. */
  ocdsImportMaxBytes: number;
  /** How often the job queue (pg-boss) looks for work such as notifications to deliver, in seconds. */
  notificationPollSeconds: number;
  /** Retries of a failed delivery before the message is marked FAILED. */
  notificationRetryLimit: number;
  /** Seconds before the first retry of a failed delivery; each later retry waits about twice as long. */
  notificationRetryDelaySeconds: number;
  /** IANA time zone of the dates and times written in notifications. */
  notificationTimeZone: string;
  /** How text messages leave the platform. */
  sms: SmsGatewayConfig;
  /** SMTP server emails go through (`smtp://user:password@host:587`); unset: emails are written to files. */
  smtpUrl?: string;
  /** The From of every email. */
  mailFrom: string;
  /** The short code or number the public texts complaints to, quoted in emails and receipts ("send STATUS … to 40404"). */
  smsShortCode?: string;
  /** Whether this instance delivers queued messages; off for instances that only take traffic, beside one that delivers. */
  notificationWorker: boolean;
  /** How often each instance looks for lapsed complaint deadlines; 0 turns the sweep off. */
  deadlineSweepSeconds: number;
  /** How the inbound webhooks authenticate their gateways; unset, they take unsigned messages except in production. */
  webhooks: {
    africasTalkingSecret?: string;
    twilioAuthToken?: string;
    emailSecret?: string;
    /** The public base URL Twilio calls (e.g. https://pactwatch.example.org), when behind a proxy: Twilio signs the full URL. */
    publicUrl?: string;
  };
  /** Least severe log level written; `silent` writes nothing. */
  logLevel: LogLevel;
  /** Human-readable log lines (pino-pretty) instead of JSON lines; for a terminal, not for log collectors. */
  logPretty: boolean;
  /** In production, `/metrics` answers only with `Authorization: Bearer <this>`; unset, it is not served there. */
  metricsToken?: string;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** `file` writes each SMS into `<dataDir>/outbox/`, for development and demonstrations. */
export type SmsGatewayConfig =
  | { gateway: 'file' }
  | { gateway: 'africastalking'; username: string; apiKey: string; sender?: string; apiUrl: string }
  | { gateway: 'twilio'; accountSid: string; authToken: string; from: string; apiUrl: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const mode = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const config: AppConfig = {
    mode,
    host: env.HOST ?? '0.0.0.0',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: optional(env, 'DATABASE_URL'),
    dataDir: resolve(env.PACTWATCH_DATA_DIR ?? '.pactwatch'),
    signingKey: optional(env, 'SIGNING_KEY'),
    tokenSecret: optional(env, 'TOKEN_SECRET'),
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 900, 60, 86_400),
    contactEncryptionKey: base64Key(env, 'CONTACT_ENCRYPTION_KEY', 32),
    complaintsPerHourPerClient: integer(env, 'COMPLAINTS_PER_HOUR_PER_CLIENT', 20, 1, 1_000_000),
    seedDemoData: boolean(env, 'SEED_DEMO_DATA', mode !== 'production'),
    seedMonitoringDemo: true,
    templatesDir: resolve(env.TEMPLATES_DIR ?? 'templates'),
    schemaFile: mode === 'development' ? resolve(env.SCHEMA_FILE ?? 'schema.gql') : optional(env, 'SCHEMA_FILE'),
    loginAttemptsPerMinute: integer(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, 1, 10_000),
    graphqlMaxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 100),
    graphqlMaxComplexity: integer(env, 'GRAPHQL_MAX_COMPLEXITY', 1000, 10, 1_000_000),
    evidenceMaxBytes: integer(env, 'EVIDENCE_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    ocdsImportMaxBytes: integer(env, 'OCDS_IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    // pg-boss polls no more often than every half second.
    notificationPollSeconds: decimal(env, 'NOTIFICATION_POLL_SECONDS', 2, 0.5, 600),
    notificationRetryLimit: integer(env, 'NOTIFICATION_RETRY_LIMIT', 5, 0, 100),
    notificationRetryDelaySeconds: integer(env, 'NOTIFICATION_RETRY_DELAY_SECONDS', 5, 1, 3600),
    notificationTimeZone: timeZone(env, 'NOTIFICATION_TIME_ZONE', 'Africa/Nairobi'),
    sms: smsGateway(env),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: optional(env, 'MAIL_FROM') ?? 'Pactwatch <no-reply@pactwatch.local>',
    smsShortCode: optional(env, 'SMS_SHORT_CODE'),
    notificationWorker: boolean(env, 'NOTIFICATION_WORKER', true),
    deadlineSweepSeconds: integer(env, 'DEADLINE_SWEEP_SECONDS', 60, 0, 86_400),
    webhooks: {
      africasTalkingSecret: optional(env, 'AFRICASTALKING_WEBHOOK_SECRET'),
      twilioAuthToken: optional(env, 'TWILIO_AUTH_TOKEN'),
      emailSecret: optional(env, 'EMAIL_WEBHOOK_SECRET'),
      publicUrl: optional(env, 'PUBLIC_URL')?.replace(/\/+$/, ''),
    },
    // Tests keep quiet unless one asks for the lines it checks.
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], mode === 'test' ? 'warn' : 'info'),
    logPretty: boolean(env, 'LOG_PRETTY', mode === 'development'),
    metricsToken: optional(env, 'METRICS_TOKEN'),
  };
  if (mode === 'production') {
    // In production nothing secret may be invented on the fly: a restarted container would
    // otherwise sign with a new key and invalidate every published verification procedure,
    // or lose the key to every complainant's contact details.
    for (const [name, value] of [
      ['DATABASE_URL', config.databaseUrl],
      ['SIGNING_KEY', config.signingKey],
      ['TOKEN_SECRET', config.tokenSecret],
      ['CONTACT_ENCRYPTION_KEY', config.contactEncryptionKey],
    ]) {
      if (!value) throw new ConfigError(`${name} is required when NODE_ENV=production`);
    }
  }
  return config;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function decimal(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function required(env: NodeJS.ProcessEnv, name: string, because: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(`${name} is required when ${because}`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL`);
  }
  // The value may hold a password: it is never echoed back.
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return raw;
}

function timeZone(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const zone = optional(env, name) ?? fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ConfigError(`${name} must be an IANA time zone such as Africa/Nairobi, got "${zone}"`);
  }
  return zone;
}

/** The SMS gateway and, for a real one, every credential it needs: missing ones stop the start. */
function smsGateway(env: NodeJS.ProcessEnv): SmsGatewayConfig {
  const gateway = oneOf(env, 'SMS_GATEWAY', ['file', 'africastalking', 'twilio'], 'file');
  const because = `SMS_GATEWAY=${gateway}`;
  if (gateway === 'africastalking') {
    return {
      gateway,
      username: required(env, 'AFRICASTALKING_USERNAME', because),
      apiKey: required(env, 'AFRICASTALKING_API_KEY', because),
      sender: optional(env, 'AFRICASTALKING_SENDER'),
      apiUrl: url(env, 'AFRICASTALKING_API_URL', ['https:', 'http:']) ?? 'https://api.africastalking.com/version1/messaging',
    };
  }
  if (gateway === 'twilio') {
    return {
      gateway,
      accountSid: required(env, 'TWILIO_ACCOUNT_SID', because),
      authToken: required(env, 'TWILIO_AUTH_TOKEN', because),
      from: required(env, 'TWILIO_FROM', because),
      apiUrl: url(env, 'TWILIO_API_URL', ['https:', 'http:']) ?? 'https://api.twilio.com',
    };
  }
  return { gateway };
}

function base64Key(env: NodeJS.ProcessEnv, name: string, bytes: number): string | undefined {
  const raw = optional(env, name);
  if (raw !== undefined && Buffer.from(raw, 'base64').length !== bytes) {
    throw new ConfigError(`${name} must be ${bytes} random bytes, base64-encoded (e.g. openssl rand -base64 ${bytes})`);
  }
  return raw;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: T[], fallback: T): T {
  const raw = optional(env, name) ?? fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
