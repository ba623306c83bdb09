import { isIP } from 'node:net';
import { Transform, plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateIf,
  registerDecorator,
  validateSync,
  type ValidationError,
} from 'class-validator';

export class ConfigError extends Error {}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const trimmed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined));
// A value that is not a number stays text, so the message quotes what the operator typed.
const asNumber = () =>
  Transform(
    ({ value }: { value: unknown }) => {
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      const number = Number(value.trim());
      return Number.isNaN(number) ? value.trim() : number;
    },
    { toClassOnly: true },
  );
const asBoolean = () =>
  Transform(
    ({ value }: { value: unknown }) => {
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      const word = value.trim().toLowerCase();
      if (['1', 'true', 'yes'].includes(word)) return true;
      if (['0', 'false', 'no'].includes(word)) return false;
      return value;
    },
    { toClassOnly: true },
  );

const asList = () =>
  Transform(
    ({ value }: { value: unknown }) => {
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      return value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    },
    { toClassOnly: true },
  );

/** What Fastify's `trustProxy` (proxy-addr) understands: addresses, CIDR ranges and three named ranges. */
function IsProxyList(): PropertyDecorator {
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const valid = (item: string) => {
    const [address, bits, extra] = item.split('/');
    const version = isIP(address);
    if (!version || extra !== undefined) return false;
    if (bits === undefined) return true;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
  };
  return custom(
    'isProxyList',
    (value) => Array.isArray(value) && value.every((item: string) => named.includes(item) || valid(item)),
    '$property must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  );
}

function IsBoolean(): PropertyDecorator {
  return custom('isTrueOrFalse', (value) => typeof value === 'boolean', '$property must be true or false, got "$value"');
}

function IsBase64Key(bytes: number): PropertyDecorator {
  return custom(
    'isBase64Key',
    (value) => typeof value === 'string' && Buffer.from(value, 'base64').length === bytes,
    `$property must be ${bytes} random bytes, base64-encoded (e.g. openssl rand -base64 ${bytes})`,
  );
}

function IsTimeZone(): PropertyDecorator {
  return custom(
    'isTimeZone',
    (value) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: String(value) });
        return true;
      } catch {
        return false;
      }
    },
    '$property must be an IANA time zone such as Africa/Nairobi, got "$value"',
  );
}

/** The value may hold a password, so the message never echoes it. */
function IsUrlWith(protocols: string[]): PropertyDecorator {
  return custom(
    'isUrlWith',
    (value) => {
      try {
        return protocols.includes(new URL(String(value)).protocol);
      } catch {
        return false;
      }
    },
    `$property must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );
}

/** A comma-separated list whose every item passes `check`; the message names the list's form. */
function IsListOf(check: (item: string) => boolean, what: string): PropertyDecorator {
  return custom(
    'isListOf',
    (value) => typeof value === 'string' && value.split(',').every((item) => check(item.trim())),
    `$property must be ${what}, separated by commas`,
  );
}

const isWebUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

function custom(name: string, check: (value: unknown) => boolean, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({ name, target: target.constructor, propertyName: String(propertyName), options: { message }, validator: { validate: check } });
}

const inProduction = (env: Environment) => env.NODE_ENV === 'production';
const requiredInProduction = (name: string) => IsNotEmpty({ message: `${name} is required when NODE_ENV=production` });
const requiredFor = (gateway: string) => IsNotEmpty({ message: `$property is required when SMS_GATEWAY=${gateway}` });

function Range(min: number, max: number): PropertyDecorator {
  return (target, property) => {
    IsInt({ message: `$property must be an integer between ${min} and ${max}, got "$value"` })(target, property);
    Min(min, { message: `$property must be an integer between ${min} and ${max}, got "$value"` })(target, property);
    Max(max, { message: `$property must be an integer between ${min} and ${max}, got "$value"` })(target, property);
  };
}

/**
 * Every environment variable the platform reads, with its rules, in one schema. Validation
 * reports all the mistakes at once, so an operator fixes a deployment in one round. The README's
 * "Configuration" section documents each variable.
 */
export class Environment {
  @trimmed()
  @IsOptional()
  @IsIn(['development', 'production', 'test'], { message: '$property must be one of development, production, test, got "$value"' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @trimmed() @IsOptional() @IsString() HOST?: string;
  @asNumber() @IsOptional() @Range(0, 65535) PORT?: number;

  @trimmed() @ValidateIf(inProduction) @requiredInProduction('DATABASE_URL') DATABASE_URL?: string;
  @trimmed() @IsOptional() @IsUrlWith(['postgres:', 'postgresql:']) MIGRATION_DATABASE_URL?: string;
  @asBoolean() @IsOptional() @IsBoolean() RUN_MIGRATIONS?: boolean;
  @trimmed() @IsOptional() PACTWATCH_DATA_DIR?: string;

  @trimmed() @ValidateIf(inProduction) @requiredInProduction('SIGNING_KEY') SIGNING_KEY?: string;
  @trimmed() @ValidateIf(inProduction) @requiredInProduction('TOKEN_SECRET') TOKEN_SECRET?: string;
  @asNumber() @IsOptional() @Range(60, 86_400) TOKEN_TTL_SECONDS?: number;
  @asNumber() @IsOptional() @Range(60, 86_400) SESSION_IDLE_SECONDS?: number;
  @asNumber() @IsOptional() @Range(300, 604_800) SESSION_ABSOLUTE_SECONDS?: number;
  @trimmed()
  @ValidateIf((env: Environment) => inProduction(env) || env.CONTACT_ENCRYPTION_KEY !== undefined)
  @requiredInProduction('CONTACT_ENCRYPTION_KEY')
  @IsBase64Key(32)
  CONTACT_ENCRYPTION_KEY?: string;
  @asNumber() @IsOptional() @Range(1, 1_000_000) COMPLAINTS_PER_HOUR_PER_CLIENT?: number;
  @asNumber() @IsOptional() @Range(1, 1_000) PROOF_FAILURES_PER_HOUR_PER_COMPLAINT?: number;
  @asNumber() @IsOptional() @Range(1, 1_000_000) PROOF_FAILURES_PER_HOUR_PER_CLIENT?: number;

  @asBoolean() @IsOptional() @IsBoolean() SEED_DEMO_DATA?: boolean;
  @trimmed() @IsOptional() TEMPLATES_DIR?: string;
  @asNumber() @IsOptional() @Range(0, 3600) PUBLIC_PAGE_CACHE_SECONDS?: number;
  @trimmed() @IsOptional() SCHEMA_FILE?: string;
  @asNumber() @IsOptional() @Range(1, 100_000) LOGIN_FAILURES_PER_ADDRESS?: number;
  @asNumber() @IsOptional() @Range(1, 100_000) LOGIN_FAILURES_PER_ACCOUNT?: number;
  @asNumber() @IsOptional() @Range(10, 86_400) LOGIN_FAILURE_WINDOW_SECONDS?: number;
  @asList() @IsOptional() @IsProxyList() TRUSTED_PROXIES?: string[];
  @asNumber() @IsOptional() @Range(2, 100) GRAPHQL_MAX_DEPTH?: number;
  @asNumber() @IsOptional() @Range(10, 1_000_000) GRAPHQL_MAX_COMPLEXITY?: number;
  @asNumber() @IsOptional() @Range(10, 100_000_000) ANONYMOUS_COST_PER_MINUTE?: number;
  @asNumber() @IsOptional() @Range(1, 10_000) ANONYMOUS_COSTLY_AT_ONCE?: number;
  @asNumber() @IsOptional() @Range(1024, 1024 ** 3) EVIDENCE_MAX_BYTES?: number;
  @asNumber() @IsOptional() @Range(1024, 1024 ** 3) OCDS_IMPORT_MAX_BYTES?: number;

  // pg-boss polls no more often than every half second.
  @asNumber()
  @IsOptional()
  @IsNumber({}, { message: '$property must be a number between 0.5 and 600, got "$value"' })
  @Min(0.5, { message: '$property must be a number between 0.5 and 600, got "$value"' })
  @Max(600, { message: '$property must be a number between 0.5 and 600, got "$value"' })
  NOTIFICATION_POLL_SECONDS?: number;
  @asNumber() @IsOptional() @Range(0, 100) NOTIFICATION_RETRY_LIMIT?: number;
  @asNumber() @IsOptional() @Range(1, 3600) NOTIFICATION_RETRY_DELAY_SECONDS?: number;
  @trimmed() @IsOptional() @IsTimeZone() NOTIFICATION_TIME_ZONE?: string;
  @asBoolean() @IsOptional() @IsBoolean() NOTIFICATION_WORKER?: boolean;
  @asNumber() @IsOptional() @Range(0, 86_400) DEADLINE_SWEEP_SECONDS?: number;

  @trimmed()
  @IsOptional()
  @IsIn(['file', 'africastalking', 'twilio'], { message: '$property must be one of file, africastalking, twilio, got "$value"' })
  SMS_GATEWAY: 'file' | 'africastalking' | 'twilio' = 'file';
  @trimmed() @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'africastalking') @requiredFor('africastalking') AFRICASTALKING_USERNAME?: string;
  @trimmed() @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'africastalking') @requiredFor('africastalking') AFRICASTALKING_API_KEY?: string;
  @trimmed() @IsOptional() AFRICASTALKING_SENDER?: string;
  @trimmed() @IsOptional() @IsUrlWith(['https:', 'http:']) AFRICASTALKING_API_URL?: string;
  @trimmed() @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'twilio') @requiredFor('twilio') TWILIO_ACCOUNT_SID?: string;
  @trimmed() @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'twilio') @requiredFor('twilio') TWILIO_AUTH_TOKEN?: string;
  @trimmed() @ValidateIf((env: Environment) => env.SMS_GATEWAY === 'twilio') @requiredFor('twilio') TWILIO_FROM?: string;
  @trimmed() @IsOptional() @IsUrlWith(['https:', 'http:']) TWILIO_API_URL?: string;
  @trimmed() @IsOptional() SMS_SHORT_CODE?: string;

  @trimmed() @IsOptional() @IsUrlWith(['smtp:', 'smtps:']) SMTP_URL?: string;
  @trimmed() @IsOptional() MAIL_FROM?: string;

  @trimmed() @IsOptional() AFRICASTALKING_WEBHOOK_SECRET?: string;
  @trimmed() @IsOptional() EMAIL_WEBHOOK_SECRET?: string;
  @trimmed() @IsOptional() PUBLIC_URL?: string;

  @trimmed()
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `$property must be one of ${LOG_LEVELS.join(', ')}, got "$value"` })
  LOG_LEVEL?: LogLevel;
  @asBoolean() @IsOptional() @IsBoolean() LOG_PRETTY?: boolean;
  @trimmed() @IsOptional() METRICS_TOKEN?: string;

  // The origin is also the signed-note key name, which may hold neither spaces nor '+'.
  @trimmed()
  @IsOptional()
  @custom(
    'isLogOrigin',
    (value) => typeof value === 'string' && /^[A-Za-z0-9._:/-]+$/.test(value),
    '$property must be letters, digits and . _ : / - only (e.g. pactwatch.example.org/audit-log), got "$value"',
  )
  CHECKPOINT_ORIGIN?: string;
  @asNumber() @IsOptional() @Range(0, 86_400) CHECKPOINT_INTERVAL_SECONDS?: number;
  @trimmed() @IsOptional() @IsListOf((item) => /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(item), 'email addresses') CHECKPOINT_WITNESS_EMAILS?: string;
  @trimmed() @IsOptional() @IsListOf(isWebUrl, 'URLs starting with http:// or https://') CHECKPOINT_WITNESS_URLS?: string;
}

/**
 * Reads and checks the environment against the schema; the shape `@nestjs/config` expects of a
 * `validate` function. Throws one ConfigError that lists every bad variable.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false }).flatMap(messagesOf);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  return env;
}

function messagesOf(error: ValidationError): string[] {
  // One message per variable: a missing value says so; otherwise the first rule it breaks.
  const constraints = error.constraints ?? {};
  const message = constraints.isNotEmpty ?? Object.values(constraints)[0];
  return message ? [message] : [];
}
