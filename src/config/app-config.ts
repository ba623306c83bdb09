import { resolve } from 'node:path';
import { validateEnvironment, type Environment, type LogLevel } from './environment.js';

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
  /** The schema owner's connection string, for migrations; unset: DATABASE_URL is used for both (with a warning at start-up). */
  migrationDatabaseUrl?: string;
  /** Whether start-up applies pending migrations. */
  runMigrations: boolean;
  dataDir: string;
  /** Base64 PKCS#8 DER of the platform's Ed25519 countersigning key; generated into dataDir when unset. */
  signingKey?: string;
  /** Secret for login tokens; generated into dataDir when unset. */
  tokenSecret?: string;
  tokenTtlSeconds: number;
  /** Web sign-in sessions (staff pages): signed out after `idleSeconds` without a request, and `absoluteSeconds` after signing in whatever the activity. */
  webSession: { idleSeconds: number; absoluteSeconds: number };
  /** Base64 of the 32-byte AES-256 key complainants' contact details are encrypted with; generated into dataDir when unset. */
  contactEncryptionKey?: string;
  /** Complaints one client address may lodge on the web per hour. */
  complaintsPerHourPerClient: number;
  /** Failed complainant proofs (tracking number + secret) allowed per tracking number per hour. */
  proofFailuresPerHourPerComplaint: number;
  /** Failed complainant proofs allowed per client address per hour, whatever the tracking numbers. */
  proofFailuresPerHourPerClient: number;
  seedDemoData: boolean;
  /** With the demo data, also a procurement monitored through award (bids, findings, red flags, a report). */
  seedMonitoringDemo: boolean;
  templatesDir: string;
  /** Seconds a public page rendered for anonymous visitors is served again to the next ones (0: never); a change through this instance ends it at once. */
  publicPageCacheSeconds: number;
  /** Where the GraphQL schema is printed at start-up; unset keeps it in memory. */
  schemaFile?: string;
  /** Failed logins counted in PostgreSQL per client address (any account) and per account (any address), over one window. */
  loginLimits: { failuresPerAddress: number; failuresPerAccount: number; windowSeconds: number };
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or `loopback`,
   * `linklocal`, `uniquelocal`); empty: none, and the client address is the connection's.
   */
  trustedProxies: string[];
  graphqlMaxDepth: number;
  /** Most one GraphQL operation may cost (every field counts, heavy fields their weight). */
  graphqlMaxComplexity: number;
  /** Cost units each anonymous client address may spend per minute, over GraphQL and the public files together. */
  anonymousCostPerMinute: number;
  /** Costly anonymous GraphQL operations (a statistics or more) one instance runs at once; beyond, 429 TOO_BUSY. */
  anonymousCostlyAtOnce: number;
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
  /** The audit log's signed checkpoints (src/checkpoints). */
  checkpoints: CheckpointConfig;
}

export interface CheckpointConfig {
  /** First line of every checkpoint and name of the key that signs it: which log this is. */
  origin: string;
  /** How often a checkpoint is made when the log has grown, in seconds (rounded up to whole minutes); 0 only at publications. */
  intervalSeconds: number;
  /** Sent every new checkpoint by email. */
  witnessEmails: string[];
  /** Sent every new checkpoint as the body of a POST. */
  witnessUrls: string[];
}

export type { LogLevel } from './environment.js';

/** `file` writes each SMS into `<dataDir>/outbox/`, for development and demonstrations. */
export type SmsGatewayConfig =
  | { gateway: 'file' }
  | { gateway: 'africastalking'; username: string; apiKey: string; sender?: string; apiUrl: string }
  | { gateway: 'twilio'; accountSid: string; authToken: string; from: string; apiUrl: string };

export { ConfigError } from './environment.js';

/** Reads the environment through the one validated schema (see environment.ts) into the typed settings. */
export function loadConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = validateEnvironment(raw);
  const mode = env.NODE_ENV;
  return {
    mode,
    host: env.HOST ?? '0.0.0.0',
    port: env.PORT ?? 3000,
    databaseUrl: env.DATABASE_URL,
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL,
    // The embedded database is the platform's own, so it keeps itself migrated; a server given by
    // DATABASE_URL is migrated by the deployment (`npm run migration:run`) unless RUN_MIGRATIONS says otherwise.
    runMigrations: env.RUN_MIGRATIONS ?? !env.DATABASE_URL,
    dataDir: resolve(env.PACTWATCH_DATA_DIR ?? '.pactwatch'),
    signingKey: env.SIGNING_KEY,
    tokenSecret: env.TOKEN_SECRET,
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS ?? 900,
    webSession: { idleSeconds: env.SESSION_IDLE_SECONDS ?? 1800, absoluteSeconds: env.SESSION_ABSOLUTE_SECONDS ?? 12 * 3600 },
    contactEncryptionKey: env.CONTACT_ENCRYPTION_KEY,
    seedDemoData: env.SEED_DEMO_DATA ?? mode !== 'production',
    seedMonitoringDemo: true,
    templatesDir: resolve(env.TEMPLATES_DIR ?? 'templates'),
    publicPageCacheSeconds: env.PUBLIC_PAGE_CACHE_SECONDS ?? 2,
    schemaFile: mode === 'development' ? resolve(env.SCHEMA_FILE ?? 'schema.gql') : env.SCHEMA_FILE,
    ...requestLimits(env),
    notificationPollSeconds: env.NOTIFICATION_POLL_SECONDS ?? 2,
    notificationRetryLimit: env.NOTIFICATION_RETRY_LIMIT ?? 5,
    notificationRetryDelaySeconds: env.NOTIFICATION_RETRY_DELAY_SECONDS ?? 5,
    notificationTimeZone: env.NOTIFICATION_TIME_ZONE ?? 'Africa/Nairobi',
    sms: smsGateway(env),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? 'Pactwatch <no-reply@pactwatch.local>',
    smsShortCode: env.SMS_SHORT_CODE,
    notificationWorker: env.NOTIFICATION_WORKER ?? true,
    deadlineSweepSeconds: env.DEADLINE_SWEEP_SECONDS ?? 60,
    webhooks: {
      africasTalkingSecret: env.AFRICASTALKING_WEBHOOK_SECRET,
      twilioAuthToken: env.TWILIO_AUTH_TOKEN,
      emailSecret: env.EMAIL_WEBHOOK_SECRET,
      publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    },
    // Tests keep quiet unless one asks for the lines it checks.
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'warn' : 'info'),
    logPretty: env.LOG_PRETTY ?? mode === 'development',
    metricsToken: env.METRICS_TOKEN,
    checkpoints: {
      origin: env.CHECKPOINT_ORIGIN ?? `${hostOf(env.PUBLIC_URL) ?? 'pactwatch.local'}/audit-log`,
      intervalSeconds: env.CHECKPOINT_INTERVAL_SECONDS ?? 300,
      witnessEmails: listOf(env.CHECKPOINT_WITNESS_EMAILS),
      witnessUrls: listOf(env.CHECKPOINT_WITNESS_URLS),
    },
  };
}

type RequestLimits = Pick<
  AppConfig,
  | 'complaintsPerHourPerClient'
  | 'proofFailuresPerHourPerComplaint'
  | 'proofFailuresPerHourPerClient'
  | 'loginLimits'
  | 'trustedProxies'
  | 'graphqlMaxDepth'
  | 'graphqlMaxComplexity'
  | 'anonymousCostPerMinute'
  | 'anonymousCostlyAtOnce'
  | 'evidenceMaxBytes'
  | 'ocdsImportMaxBytes'
>;

/** What one client may ask of the platform, and how often (README, "Security"). */
function requestLimits(env: Environment): RequestLimits {
  return {
    complaintsPerHourPerClient: env.COMPLAINTS_PER_HOUR_PER_CLIENT ?? 20,
    proofFailuresPerHourPerComplaint: env.PROOF_FAILURES_PER_HOUR_PER_COMPLAINT ?? 5,
    proofFailuresPerHourPerClient: env.PROOF_FAILURES_PER_HOUR_PER_CLIENT ?? 5,
    loginLimits: {
      failuresPerAddress: env.LOGIN_FAILURES_PER_ADDRESS ?? 20,
      failuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT ?? 50,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS ?? 900,
    },
    trustedProxies: env.TRUSTED_PROXIES ?? [],
    // Levels of fields, the leaf included (graphql-armor's count): 11 keeps ten levels of nesting.
    graphqlMaxDepth: env.GRAPHQL_MAX_DEPTH ?? 11,
    graphqlMaxComplexity: env.GRAPHQL_MAX_COMPLEXITY ?? 1000,
    anonymousCostPerMinute: env.ANONYMOUS_COST_PER_MINUTE ?? 5000,
    anonymousCostlyAtOnce: env.ANONYMOUS_COSTLY_AT_ONCE ?? 2,
    evidenceMaxBytes: env.EVIDENCE_MAX_BYTES ?? 20 * 1024 * 1024,
    ocdsImportMaxBytes: env.OCDS_IMPORT_MAX_BYTES ?? 50 * 1024 * 1024,
  };
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}

const listOf = (value: string | undefined): string[] => (value ? value.split(',').map((item) => item.trim()) : []);

/** The SMS gateway and, for a real one, the credentials the schema has already required. */
function smsGateway(env: Environment): SmsGatewayConfig {
  if (env.SMS_GATEWAY === 'africastalking') {
    return {
      gateway: 'africastalking',
      username: env.AFRICASTALKING_USERNAME!,
      apiKey: env.AFRICASTALKING_API_KEY!,
      sender: env.AFRICASTALKING_SENDER,
      apiUrl: env.AFRICASTALKING_API_URL ?? 'https://api.africastalking.com/version1/messaging',
    };
  }
  if (env.SMS_GATEWAY === 'twilio') {
    return {
      gateway: 'twilio',
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      from: env.TWILIO_FROM!,
      apiUrl: env.TWILIO_API_URL ?? 'https://api.twilio.com',
    };
  }
  return { gateway: 'file' };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
