import { loadConfig } from './app-config.js';
import { ConfigError } from './environment.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('the environment schema', () => {
  it('reports every bad variable at once, each by name', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PORT: 'eighty',
      TOKEN_TTL_SECONDS: '5',
      NOTIFICATION_TIME_ZONE: 'Africa/Nowhere',
      SEED_DEMO_DATA: 'maybe',
      SMS_GATEWAY: 'twilio',
      SMTP_URL: 'http://user:hunter2@mail.example.org',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT must be an integer between 0 and 65535, got "eighty"',
        'TOKEN_TTL_SECONDS must be an integer between 60 and 86400, got "5"',
        'NOTIFICATION_TIME_ZONE must be an IANA time zone such as Africa/Nairobi, got "Africa/Nowhere"',
        'SEED_DEMO_DATA must be true or false, got "maybe"',
        'DATABASE_URL is required when NODE_ENV=production',
        'SIGNING_KEY is required when NODE_ENV=production',
        'TOKEN_SECRET is required when NODE_ENV=production',
        'CONTACT_ENCRYPTION_KEY is required when NODE_ENV=production',
        'TWILIO_ACCOUNT_SID is required when SMS_GATEWAY=twilio',
        'TWILIO_AUTH_TOKEN is required when SMS_GATEWAY=twilio',
        'TWILIO_FROM is required when SMS_GATEWAY=twilio',
        'SMTP_URL must be a URL starting with smtp:// or smtps://',
      ]),
    );
    expect(problems).toHaveLength(12);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('checks the shape of a key that is given, in any mode', () => {
    expect(problemsOf({ CONTACT_ENCRYPTION_KEY: 'c2hvcnQ=' })).toEqual([
      'CONTACT_ENCRYPTION_KEY must be 32 random bytes, base64-encoded (e.g. openssl rand -base64 32)',
    ]);
  });

  it('fills defaults and reads numbers, booleans and lists of choices', () => {
    const config = loadConfig({ PORT: ' 8080 ', NOTIFICATION_WORKER: 'no', NOTIFICATION_POLL_SECONDS: '0.5', HOST: '' });
    expect(config).toMatchObject({
      mode: 'development',
      host: '0.0.0.0',
      port: 8080,
      notificationWorker: false,
      notificationPollSeconds: 0.5,
      runMigrations: true,
    });
    expect(config.sms).toEqual({ gateway: 'file' });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/pactwatch' }).runMigrations).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/pactwatch', RUN_MIGRATIONS: 'true' }).runMigrations).toBe(true);
  });

  it('reads the trusted proxies as a list and refuses what Fastify would not understand', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, loopback,2001:db8::1 ' }).trustedProxies).toEqual(['10.0.0.0/8', 'loopback', '2001:db8::1']);
    expect(problemsOf({ TRUSTED_PROXIES: '10.0.0.0/33' })).toEqual([
      'TRUSTED_PROXIES must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal',
    ]);
    expect(problemsOf({ TRUSTED_PROXIES: 'proxy.example.org' })).toHaveLength(1);
  });
});
