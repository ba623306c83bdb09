import { pdfText } from '../src/pdf/pdf-text.js';
import { ContactVaultService } from '../src/contacts/contact-vault.service.js';
import { formatTrackingNumber, newTrackingNumber } from '../src/complaints/tracking-number.js';
import { DEMO_PROCUREMENT_REFERENCE } from '../src/seed/demo-seeder.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LODGE = `mutation ($input: LodgeComplaintInput!) { lodgeComplaint(input: $input) { trackingNumber secret status receiptUrl } }`;
const TRACK = `query ($trackingNumber: String!, $secret: String) {
  trackComplaint(trackingNumber: $trackingNumber, secret: $secret) {
    trackingNumber status channel lodgedAt sector { code name } type { code name } area { code name }
  }
}`;

const complaint = (extra: Record<string, unknown> = {}) => ({
  description: 'The dispensary in Kakuma has had no malaria drugs for three weeks.',
  sectorCode: 'HEALTH',
  typeCode: 'SERVICE_DELIVERY',
  areaCode: 'LOIMA',
  ...extra,
});

const CONTACT = { name: 'Akinyi Ekai', phone: '+254712345678', email: 'akinyi.ekai@example.org' };

/** Web intake and tracking of complaints from the public, without signing in. */
describe('complaints from the public', () => {
  let app: TestApp;
  const count = async () => Number((await app.sql.query('SELECT count(*) FROM complaints')).rows[0].count);

  beforeAll(async () => {
    app = await startTestApp({ complaintsPerHourPerClient: 1000, proofFailuresPerHourPerClient: 1000 });
  });
  afterAll(() => app?.close());

  describe('reference data', () => {
    it('lists the seeded sectors and complaint types to anyone', async () => {
      const { complaintSectors, complaintTypes } = await app.ok(`{ complaintSectors { code name } complaintTypes { code name } }`);
      expect(complaintSectors.map((s: { code: string }) => s.code)).toEqual(
        expect.arrayContaining(['HEALTH', 'WATER', 'EDUCATION', 'FOOD_SECURITY', 'PROCUREMENT']),
      );
      expect(complaintTypes.map((t: { code: string }) => t.code).sort()).toEqual([
        'CORRUPTION',
        'MISCONDUCT',
        'OTHER',
        'PROCUREMENT_IRREGULARITY',
        'SERVICE_DELIVERY',
      ]);
    });

    it('lists counties first, then sub-counties, and a county’s sub-counties on request', async () => {
      const { areas } = await app.ok(`{ areas { id code name parentId } }`);
      const counties = areas.filter((a: { parentId: string | null }) => a.parentId === null);
      expect(counties.map((a: { name: string }) => a.name)).toEqual(['Turkana', 'Wajir', 'West Pokot']);
      expect(areas.slice(0, 3)).toEqual(counties);
      expect(areas).toHaveLength(12);

      const turkana = await app.ok(`{ areas(countyCode: "TURKANA") { code parentId } }`);
      expect(turkana.areas.map((a: { code: string }) => a.code)).toEqual(['LOIMA', 'TURKANA_CENTRAL', 'TURKANA_NORTH']);
      expect(new Set(turkana.areas.map((a: { parentId: string }) => a.parentId))).toEqual(
        new Set([counties.find((c: { code: string }) => c.code === 'TURKANA').id]),
      );

      const unknown = await app.fails(`{ areas(countyCode: "LOIMA") { code } }`);
      expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'COUNTY_NOT_FOUND' });
    });
  });

  describe('a named complaint', () => {
    let trackingNumber: string;

    beforeAll(async () => {
      const { lodgeComplaint } = await app.ok(LODGE, { input: complaint({ ...CONTACT, gender: 'FEMALE', ageGroup: 'FROM_18_TO_35', language: 'sw' }) });
      expect(lodgeComplaint).toEqual({
        trackingNumber: expect.stringMatching(/^PW-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]$/),
        secret: expect.stringMatching(/^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){3}$/),
        status: 'REFERRED',
        receiptUrl: expect.stringMatching(/^\/complaints\/PW-.*\/receipt.pdf$/),
      });
      trackingNumber = lodgeComplaint.trackingNumber;
    });

    it('is stored with its contact details encrypted, readable only through the service', async () => {
      const { rows } = await app.sql.query(`SELECT c.*, c::text AS whole FROM complaints c WHERE tracking_number = $1`, [trackingNumber.replace(/^PW|-/g, '')]);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({
        channel: 'WEB',
        status: 'REFERRED',
        anonymous: false,
        gender: 'FEMALE',
        age_group: 'FROM_18_TO_35',
        language: 'sw',
        secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        procurement_id: null,
      });
      for (const column of ['name_encrypted', 'phone_encrypted', 'email_encrypted']) expect(Buffer.isBuffer(row[column])).toBe(true);
      for (const plaintext of ['254712345678', 'Akinyi', 'akinyi.ekai@example.org']) {
        expect(row.whole).not.toContain(plaintext);
        expect(Buffer.concat([row.name_encrypted, row.phone_encrypted, row.email_encrypted]).toString('latin1')).not.toContain(plaintext);
      }
      expect(
        app.running.app
          .get(ContactVaultService)
          .open(row.id, { nameEncrypted: row.name_encrypted, phoneEncrypted: row.phone_encrypted, emailEncrypted: row.email_encrypted }),
      ).toEqual(CONTACT);
    });

    it('leaves no personal data in the audit trail', async () => {
      const { rows } = await app.sql.query(
        `SELECT a.actor_id, a.action, a.data FROM audit_entries a JOIN complaints c ON c.id = a.subject_id WHERE c.tracking_number = $1`,
        [trackingNumber.replace(/^PW|-/g, '')],
      );
      expect(rows).toEqual([
        {
          actor_id: null,
          action: 'complaint.lodged',
          data: { trackingNumber, channel: 'WEB', anonymous: false, referredTo: expect.any(String) },
        },
      ]);
    });

    it('is tracked by its number alone, in any case and without dashes, showing only where it stands', async () => {
      for (const typed of [trackingNumber, trackingNumber.toLowerCase().replace(/-/g, ''), trackingNumber.slice(3)]) {
        const { trackComplaint } = await app.ok(TRACK, { trackingNumber: typed });
        expect(trackComplaint).toEqual({
          trackingNumber,
          status: 'REFERRED',
          channel: 'WEB',
          lodgedAt: expect.any(String),
          sector: { code: 'HEALTH', name: 'Health' },
          type: { code: 'SERVICE_DELIVERY', name: 'Service delivery' },
          area: { code: 'LOIMA', name: 'Loima' },
        });
      }
      const { __type } = await app.ok(`{ __type(name: "ComplaintStatusView") { fields { name } } }`);
      expect(__type.fields.map((f: { name: string }) => f.name).sort()).toEqual([
        'area',
        'channel',
        'handledBy',
        'history',
        'lodgedAt',
        'mergedInto',
        'rating',
        'rejectionReason',
        'sector',
        'status',
        'trackingNumber',
        'type',
      ]);
    });
  });

  describe('an anonymous complaint', () => {
    let trackingNumber: string;
    let secret: string;

    beforeAll(async () => {
      const { lodgeComplaint } = await app.ok(LODGE, {
        input: complaint({
          areaCode: 'WAJIR',
          sectorCode: 'WATER',
          typeCode: 'CORRUPTION',
          description: 'The borehole attendant asks for 200 shillings per jerrican.',
        }),
      });
      ({ trackingNumber, secret } = lodgeComplaint);
      expect(secret).toMatch(/^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){3}$/);
    });

    it('stores no contact details and only a hash of the secret', async () => {
      const { rows } = await app.sql.query(`SELECT * FROM complaints WHERE tracking_number = $1`, [trackingNumber.replace(/^PW|-/g, '')]);
      expect(rows[0]).toMatchObject({
        anonymous: true,
        name_encrypted: null,
        phone_encrypted: null,
        email_encrypted: null,
        gender: null,
        age_group: null,
        language: 'en',
      });
      expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows[0])).not.toContain(secret.replace(/-/g, ''));
    });

    it('is tracked only with its secret; without it, it is indistinguishable from an unknown number', async () => {
      const { trackComplaint } = await app.ok(TRACK, { trackingNumber, secret: secret.toLowerCase() });
      expect(trackComplaint).toMatchObject({
        trackingNumber,
        status: 'REFERRED',
        sector: { code: 'WATER' },
        type: { code: 'CORRUPTION' },
        area: { code: 'WAJIR' },
      });

      const unknownNumber = await unusedTrackingNumber(app);
      const unknown = await app.fails(TRACK, { trackingNumber: unknownNumber });
      expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'COMPLAINT_NOT_FOUND' });
      for (const attempt of [undefined, '', 'AAAAA-BBBBB-CCCCC-DDDDD']) {
        const refused = await app.fails(TRACK, { trackingNumber, secret: attempt });
        expect(refused.message).toBe(unknown.message);
        expect(refused.extensions).toEqual(unknown.extensions);
      }
    });

    it('prints a receipt carrying the secret only for the one who holds it', async () => {
      const receipt = await fetch(`${app.url}/complaints/${trackingNumber}/receipt.pdf?secret=${secret}`);
      expect(receipt.status).toBe(200);
      expect(receipt.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(Buffer.from(await receipt.arrayBuffer()));
      expect(text).toContain(trackingNumber);
      expect(text).toContain(secret);
      expect(text).toContain('Wajir Water Users Association');
      expect(text).not.toContain('borehole attendant');
      const without = await fetch(`${app.url}/complaints/${trackingNumber}/receipt.pdf`);
      expect(without.status).toBe(404);
      expect(await without.json()).toMatchObject({ error: { reason: 'COMPLAINT_NOT_FOUND' } });
    });
  });

  it('prints the receipt in the complainant’s language', async () => {
    const { lodgeComplaint } = await app.ok(LODGE, { input: complaint({ phone: '+254712000999', language: 'sw' }) });
    const receipt = await fetch(`${app.url}${lodgeComplaint.receiptUrl}`);
    const text = await pdfText(Buffer.from(await receipt.arrayBuffer()));
    expect(text).toContain('Risiti ya malalamiko');
    expect(text).toContain(`HALI ${lodgeComplaint.trackingNumber}`);
    expect(text).not.toContain('+254712000999');
    expect((await fetch(`${app.url}/complaints/not-a-number/receipt.pdf`)).status).toBe(400);
  });

  it('links a complaint to the procurement it names', async () => {
    const { lodgeComplaint } = await app.ok(LODGE, {
      input: complaint({ typeCode: 'PROCUREMENT_IRREGULARITY', procurementReference: DEMO_PROCUREMENT_REFERENCE }),
    });
    const { rows } = await app.sql.query(`SELECT p.reference FROM complaints c JOIN procurements p ON p.id = c.procurement_id WHERE c.tracking_number = $1`, [
      lodgeComplaint.trackingNumber.replace(/^PW|-/g, ''),
    ]);
    expect(rows).toEqual([{ reference: DEMO_PROCUREMENT_REFERENCE }]);
  });

  it('answers a mistyped tracking number with a friendly BAD_USER_INPUT', async () => {
    const { lodgeComplaint } = await app.ok(LODGE, { input: complaint() });
    const number: string = lodgeComplaint.trackingNumber;
    // Two neighbouring characters swapped; they must differ, or the "typo" is the number itself.
    const at = [3, 4, 5, 8, 9, 10].find((i) => number[i] !== number[i + 1])!;
    const typo = number.slice(0, at) + number[at + 1] + number[at] + number.slice(at + 2);
    for (const typed of [typo, 'PW-0000-1111-O', 'hello']) {
      const error = await app.fails(TRACK, { trackingNumber: typed });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TRACKING_NUMBER' });
      expect(error.message).toMatch(/not a valid tracking number/);
    }
  });

  it.each([
    ['unknown codes', complaint({ sectorCode: 'ROADS', typeCode: 'THEFT', areaCode: 'NAIROBI' }), 'UNKNOWN_CODE', ['sectorCode', 'typeCode', 'areaCode']],
    ['an unknown procurement', complaint({ procurementReference: 'NO-SUCH-TENDER' }), 'UNKNOWN_CODE', ['procurementReference']],
    ['a short description', complaint({ description: 'Bad.' }), 'INVALID_INPUT', ['description']],
    ['a phone number not in international form', complaint({ ...CONTACT, phone: '0712 345 678' }), 'INVALID_INPUT', ['phone']],
    ['an invalid email', complaint({ email: 'akinyi at example' }), 'INVALID_INPUT', ['email']],
  ])('refuses %s and stores nothing', async (_, input, reason, fields) => {
    const before = await count();
    const error = await app.fails(LODGE, { input });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect((error.extensions.fields as Array<{ field: string }>).map((f) => f.field)).toEqual(fields);
    // The refusal names the field, never echoes personal data back into logs.
    expect(error.message).not.toContain('0712 345 678');
    expect(await count()).toBe(before);
  });
});

describe('complaint rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ complaintsPerHourPerClient: 3 });
  });
  afterAll(() => app?.close());

  it('refuses a client’s complaints beyond the hourly limit, storing nothing', async () => {
    for (let i = 0; i < 3; i++) await app.ok(LODGE, { input: complaint() });
    const error = await app.fails(LODGE, { input: complaint() });
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_COMPLAINTS', retryAfterSeconds: expect.any(Number) });
    expect((await app.sql.query('SELECT count(*) FROM complaints')).rows[0].count).toBe('3');
  });
});

/** A well-formed number no complaint has. */
async function unusedTrackingNumber(app: TestApp): Promise<string> {
  for (;;) {
    const candidate = newTrackingNumber();
    const { rows } = await app.sql.query('SELECT 1 FROM complaints WHERE tracking_number = $1', [candidate]);
    if (!rows.length) return formatTrackingNumber(candidate);
  }
}
