import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComplaintStatus } from '../complaints/complaint.entity.js';
import { NotificationCatalogue, type TemplateFile } from './notification-templates.service.js';
import { smsSize } from './sms-size.js';

const STATUSES = `
statuses:
  RECEIVED: Received
  REFERRED: Referred
  ACKNOWLEDGED: Acknowledged
  IN_PROGRESS: In progress
  RESOLVED: Resolved
  REJECTED: Rejected
  CLOSED: Closed
`;
const entry = (key: string, sms: string, body = 'Body of {{trackingNumber}}') => `
${key}:
  sms: "${sms}"
  email:
    subject: "Subject {{trackingNumber}}"
    body: "${body}"
`;
const english = STATUSES + entry('greeting', 'Hello {{trackingNumber}}: {{status status}}') + entry('farewell', 'Goodbye {{trackingNumber}}');
const parse = (...files: TemplateFile[]) => NotificationCatalogue.parse(files, 'Africa/Nairobi', Object.values(ComplaintStatus));

describe('notification templates', () => {
  it('loads the shipped languages, each rendering every status in its own words', () => {
    const folder = join(process.cwd(), 'templates', 'notifications');
    const catalogue = parse(...['en.yaml', 'sw.yaml'].map((name) => ({ file: join(folder, name), text: readFileSync(join(folder, name), 'utf8') })));
    expect(catalogue.languages()).toEqual(['en', 'sw']);
    const values = { trackingNumber: 'PW-7K3M-Q9RT-X', status: 'IN_PROGRESS', lodgedOn: '2026-03-02T08:15:00Z' };
    expect(catalogue.render('complaint-status-reply', 'sw', values).sms).toBe(
      'Pactwatch: malalamiko PW-7K3M-Q9RT-X, yaliyowasilishwa tarehe 2 Machi 2026. Hali: Yanashughulikiwa.',
    );
    expect(catalogue.render('complaint-status-reply', 'en', values).sms).toBe(
      'Pactwatch: complaint PW-7K3M-Q9RT-X, lodged on 2 March 2026. Status: In progress.',
    );
  });

  it('falls back to English for a template a language lacks, and for a language without a file', () => {
    const catalogue = parse(
      { file: 'en.yaml', text: english },
      { file: 'fr.yaml', text: STATUSES.replace('Received', 'Reçue') + entry('greeting', 'Bonjour {{trackingNumber}}: {{status status}}') },
    );
    expect(catalogue.render('greeting', 'fr', { trackingNumber: 'PW-1', status: 'RECEIVED' })).toMatchObject({ language: 'fr', sms: 'Bonjour PW-1: Reçue' });
    expect(catalogue.render('farewell', 'fr', { trackingNumber: 'PW-1' })).toMatchObject({ language: 'en', sms: 'Goodbye PW-1' });
    expect(catalogue.render('greeting', 'de', { trackingNumber: 'PW-1', status: 'RECEIVED' })).toMatchObject({ language: 'en', sms: 'Hello PW-1: Received' });
    expect(() => catalogue.render('no-such-template', 'en', {})).toThrow(/no notification template "no-such-template"/);
  });

  it.each([
    [
      'a template without an email',
      { file: 'templates/notifications/en.yaml', text: `${STATUSES}\ngreeting:\n  sms: Hello\n` },
      /en\.yaml: "greeting" needs an "sms" text and an "email"/,
    ],
    ['a status without a word', { file: 'en.yaml', text: english.replace('  CLOSED: Closed\n', '') }, /en\.yaml: "statuses" has no word for CLOSED/],
    ['an unknown helper', { file: 'en.yaml', text: english + entry('shout', '{{upper trackingNumber}}') }, /en\.yaml: "shout" does not render: .*upper/],
    [
      'an SMS longer than three parts',
      { file: 'en.yaml', text: english + entry('essay', `{{reason}} ${'x'.repeat(400)}`) },
      /the SMS of "essay" is \d+ GSM-7 characters with typical values, more than the 459/,
    ],
    [
      'a curly quote making a long SMS Unicode',
      { file: 'en.yaml', text: english + entry('quoted', `It’s ${'x'.repeat(200)}`) },
      /the SMS of "quoted" is 205 UCS-2 characters .* more than the 201/,
    ],
    ['a file not named by a language', { file: 'english.yaml', text: english }, /english\.yaml: the file name must be a language code/],
    ['a malformed locale', { file: 'en.yaml', text: `locale: en_GB${english}` }, /en\.yaml: "locale" en_GB: /],
  ])('refuses %s, naming the file', (_, file, problem) => {
    expect(() => parse(file)).toThrow(problem);
  });

  it('needs English, the fallback, and every template of other languages in it', () => {
    expect(() => parse({ file: 'sw.yaml', text: english })).toThrow(/en\.yaml is missing/);
    expect(() => parse({ file: 'en.yaml', text: english }, { file: 'sw.yaml', text: STATUSES + entry('karibu', 'Karibu') })).toThrow(
      /sw\.yaml: "karibu" is not a template of en\.yaml/,
    );
  });

  it('counts SMS characters as the network does', () => {
    expect(smsSize('Hali: Yametatuliwa')).toEqual({ encoding: 'GSM-7', length: 18, limit: 459 });
    expect(smsSize('Price: 5€ [a]')).toEqual({ encoding: 'GSM-7', length: 16, limit: 459 });
    expect(smsSize('It’s done')).toEqual({ encoding: 'UCS-2', length: 9, limit: 201 });
  });
});
