import { createHash, randomUUID } from 'node:crypto';
import { hashComplaintSecret, newComplaintSecret } from '../src/complaints/complaint-secret.js';
import { newTrackingNumber } from '../src/complaints/tracking-number.js';
import { isoWeekOf } from '../src/complaint-statistics/iso-week.js';
import { pdfText } from '../src/pdf/pdf-text.js';
import { isWithheld } from '../src/complaint-statistics/protect-counts.js';
import { lodge, STATISTICS } from './support/complaints.js';
import { answerTable, linkedTables, recoverBySubtraction, upperBounds, type PublishedTable } from './support/subtraction-attack.js';
import { DEMO_ACCOUNTS, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const HEALTH_PARTNER = 'Turkana Community Health Partners';
const WATER_PARTNER = 'Wajir Water Users Association';

/** A complaint as the statistics see it; times are hours after lodging. */
interface Fixture {
  name: string;
  lodged: string;
  organisation: 'health' | 'water' | null;
  status: string;
  firstAction?: number;
  resolved?: number;
  gender: string | null;
  age: string | null;
  sector: string | null;
  type: string | null;
  area: string | null;
  channel: string;
}

/**
 * Thirteen complaints lodged in January 2026, counted by hand below. Weeks: W02 starts on
 * Monday 5 January, W03 on the 12th, W04 on the 19th. W2 is lodged on Sunday the 11th (W02)
 * and resolved on Monday the 12th (W03).
 */
const JANUARY_COMPLAINTS: Fixture[] = [
  {
    name: 'P1',
    lodged: '2026-01-05T08:00:00Z',
    organisation: 'health',
    status: 'CLOSED',
    firstAction: 2,
    resolved: 24,
    gender: 'FEMALE',
    age: 'FROM_18_TO_35',
    sector: 'HEALTH',
    type: 'SERVICE_DELIVERY',
    area: 'LOIMA',
    channel: 'SMS',
  },
  {
    name: 'P2',
    lodged: '2026-01-06T09:00:00Z',
    organisation: 'health',
    status: 'RESOLVED',
    firstAction: 4,
    resolved: 48,
    gender: 'MALE',
    age: 'FROM_36_TO_60',
    sector: 'HEALTH',
    type: 'SERVICE_DELIVERY',
    area: 'LOIMA',
    channel: 'SMS',
  },
  {
    name: 'P3',
    lodged: '2026-01-07T10:00:00Z',
    organisation: 'health',
    status: 'CLOSED',
    firstAction: 6,
    resolved: 72,
    gender: 'FEMALE',
    age: 'FROM_18_TO_35',
    sector: 'HEALTH',
    type: 'CORRUPTION',
    area: 'LOIMA',
    channel: 'WEB',
  },
  {
    name: 'P4',
    lodged: '2026-01-12T08:00:00Z',
    organisation: 'health',
    status: 'RESOLVED',
    firstAction: 8,
    resolved: 96,
    gender: 'MALE',
    age: 'UNDER_18',
    sector: 'HEALTH',
    type: 'SERVICE_DELIVERY',
    area: 'TURKANA_CENTRAL',
    channel: 'WALK_IN',
  },
  {
    name: 'P5',
    lodged: '2026-01-13T08:00:00Z',
    organisation: 'health',
    status: 'ACKNOWLEDGED',
    firstAction: 10,
    gender: 'FEMALE',
    age: 'OVER_60',
    sector: 'HEALTH',
    type: 'SERVICE_DELIVERY',
    area: 'LOIMA',
    channel: 'SMS',
  },
  {
    name: 'P6',
    lodged: '2026-01-14T08:00:00Z',
    organisation: 'health',
    status: 'IN_PROGRESS',
    firstAction: 12,
    gender: 'MALE',
    age: 'FROM_18_TO_35',
    sector: 'HEALTH',
    type: 'CORRUPTION',
    area: 'TURKANA',
    channel: 'EMAIL',
  },
  {
    name: 'P7',
    lodged: '2026-01-20T08:00:00Z',
    organisation: 'health',
    status: 'REFERRED',
    gender: 'FEMALE',
    age: 'FROM_36_TO_60',
    sector: 'HEALTH',
    type: 'SERVICE_DELIVERY',
    area: 'LOIMA',
    channel: 'WEB',
  },
  {
    name: 'W1',
    lodged: '2026-01-08T08:00:00Z',
    organisation: 'water',
    status: 'RESOLVED',
    firstAction: 1,
    resolved: 10,
    gender: 'FEMALE',
    age: 'FROM_18_TO_35',
    sector: 'WATER',
    type: 'SERVICE_DELIVERY',
    area: 'WAJIR_EAST',
    channel: 'SMS',
  },
  {
    name: 'W2',
    lodged: '2026-01-11T20:00:00Z',
    organisation: 'water',
    status: 'CLOSED',
    firstAction: 3,
    resolved: 20,
    gender: 'MALE',
    age: 'FROM_36_TO_60',
    sector: 'WATER',
    type: 'CORRUPTION',
    area: 'WAJIR_EAST',
    channel: 'WEB',
  },
  {
    name: 'W3',
    lodged: '2026-01-15T08:00:00Z',
    organisation: 'water',
    status: 'REJECTED',
    firstAction: 5,
    gender: 'FEMALE',
    age: 'FROM_18_TO_35',
    sector: 'WATER',
    type: 'SERVICE_DELIVERY',
    area: 'WAJIR',
    channel: 'SMS',
  },
  {
    name: 'W4',
    lodged: '2026-01-16T08:00:00Z',
    organisation: 'water',
    status: 'REFERRED',
    gender: 'MALE',
    age: 'FROM_36_TO_60',
    sector: 'WATER',
    type: 'SERVICE_DELIVERY',
    area: 'WAJIR_EAST',
    channel: 'EMAIL',
  },
  {
    name: 'N1',
    lodged: '2026-01-17T08:00:00Z',
    organisation: null,
    status: 'RECEIVED',
    gender: null,
    age: null,
    sector: null,
    type: null,
    area: null,
    channel: 'SMS',
  },
  {
    name: 'N2',
    lodged: '2026-01-21T08:00:00Z',
    organisation: null,
    status: 'RECEIVED',
    gender: null,
    age: null,
    sector: null,
    type: null,
    area: null,
    channel: 'WEB',
  },
];
/** Lodged before January: counted only without a period. */
const DECEMBER_COMPLAINT: Fixture = {
  name: 'X1',
  lodged: '2025-12-20T08:00:00Z',
  organisation: 'health',
  status: 'RESOLVED',
  firstAction: 100,
  resolved: 200,
  gender: 'FEMALE',
  age: 'OVER_60',
  sector: 'HEALTH',
  type: 'OTHER',
  area: 'LOIMA',
  channel: 'SMS',
};

const counts = (buckets: Array<{ key: string | null; count: number | null }>) => Object.fromEntries(buckets.map((b) => [String(b.key), b.count]));

/** Statistics of the complaint referral mechanism, on a hand-counted set of complaints. */
describe('complaint statistics', () => {
  let app: TestApp;
  let world: DemoWorld;
  let healthId: string;
  let waterId: string;
  const ids = new Map<string, string>();

  const statistics = async (filter: Record<string, unknown> = {}, token?: string) => (await app.ok(STATISTICS, { filter }, token)).complaintStatistics;

  async function insert(fixture: Fixture, extra: { mergedInto?: string } = {}): Promise<string> {
    const id = randomUUID();
    const at = (hours: number | undefined) => (hours === undefined ? null : new Date(Date.parse(fixture.lodged) + hours * 3_600_000).toISOString());
    const organisationId = fixture.organisation === 'health' ? healthId : fixture.organisation === 'water' ? waterId : null;
    const walkIn = fixture.channel === 'WALK_IN';
    await app.sql.query(
      `INSERT INTO complaints (id, tracking_number, channel, status, description, sector_id, type_id, area_id, gender, age_group, language,
                               anonymous, secret_hash, contact_by, handling_organisation_id, referred_at, first_action_at, resolved_at, closed_at,
                               rejection_reason, merged_into_id, walk_in_office, recorded_by_id, created_at, updated_at)
       VALUES ($1, $2, $3::complaint_channel, $4::complaint_status, 'A complaint counted by the statistics tests',
               (SELECT id FROM complaint_sectors WHERE code = $5), (SELECT id FROM complaint_types WHERE code = $6), (SELECT id FROM areas WHERE code = $7),
               $8::complainant_gender, $9::complainant_age_group, 'en', true, $10, 'NONE', $11, CASE WHEN $11::uuid IS NOT NULL THEN $12::timestamptz END, $13, $14,
               CASE WHEN $4::complaint_status = 'CLOSED' THEN coalesce($14, $12::timestamptz + interval '300 hours') END,
               CASE WHEN $4::complaint_status = 'REJECTED' THEN 'Outside the mandate of the referral partners' END, $15,
               CASE WHEN $16 THEN 'Lodwar office' END, CASE WHEN $16 THEN (SELECT id FROM users WHERE email = $17) END, $12, $12)`,
      [
        id,
        newTrackingNumber(),
        fixture.channel,
        fixture.status,
        fixture.sector,
        fixture.type,
        fixture.area,
        fixture.gender,
        fixture.age,
        hashComplaintSecret(newComplaintSecret()),
        organisationId,
        fixture.lodged,
        at(fixture.firstAction),
        at(fixture.resolved),
        extra.mergedInto ?? null,
        walkIn,
        DEMO_ACCOUNTS.partner,
      ],
    );
    return id;
  }

  const cells = async () =>
    (
      await app.sql.query(
        `SELECT dimension, day::text, organisation_id, key, complaints FROM complaint_statistics_cells WHERE complaints <> 0 ORDER BY 1, 2, 3, 4`,
      )
    ).rows;

  beforeAll(async () => {
    app = await startTestApp({ complaintsPerHourPerClient: 1000 });
    world = await demoWorld(app);
    const organisation = async (name: string) => (await app.sql.query('SELECT id FROM organisations WHERE name = $1', [name])).rows[0].id as string;
    [healthId, waterId] = await Promise.all([organisation(HEALTH_PARTNER), organisation(WATER_PARTNER)]);
    expect(Number((await app.sql.query('SELECT count(*) FROM complaints')).rows[0].count)).toBe(0);
    for (const fixture of JANUARY_COMPLAINTS) ids.set(fixture.name, await insert(fixture));
    ids.set('X1', await insert(DECEMBER_COMPLAINT));
    // A duplicate merged into P1: the complaint it was merged into already counts.
    ids.set(
      'P1-duplicate',
      await insert({ ...JANUARY_COMPLAINTS[0], name: 'P1-duplicate', lodged: '2026-01-09T08:00:00Z', status: 'CLOSED' }, { mergedInto: ids.get('P1') }),
    );
  });
  afterAll(() => app?.close());

  describe('for those who may read every figure', () => {
    it('counts January by every dimension, unknown values in their own bucket', async () => {
      const s = await statistics(JANUARY, world.tokens.convener);
      expect(s).toMatchObject({
        from: '2026-01-01',
        to: '2026-01-31',
        organisationId: null,
        smallCountsSuppressed: false,
        total: { count: 13, suppressed: false },
      });
      expect(counts(s.byGender)).toEqual({ FEMALE: 6, MALE: 5, OTHER: 0, null: 2 });
      expect(s.byGender.map((b: { label: string }) => b.label)).toEqual(['Female', 'Male', 'Other', 'Not given']);
      expect(counts(s.byAgeGroup)).toEqual({ UNDER_18: 1, FROM_18_TO_35: 5, FROM_36_TO_60: 4, OVER_60: 1, null: 2 });
      expect(counts(s.bySector)).toEqual({ HEALTH: 7, WATER: 4, EDUCATION: 0, FOOD_SECURITY: 0, SOCIAL_PROTECTION: 0, PROCUREMENT: 0, null: 2 });
      expect(s.bySector.at(-1)).toEqual({ key: null, label: 'Unclassified', count: 2, suppressed: false });
      expect(counts(s.byType)).toEqual({ SERVICE_DELIVERY: 8, CORRUPTION: 3, PROCUREMENT_IRREGULARITY: 0, MISCONDUCT: 0, OTHER: 0, null: 2 });
      expect(counts(s.byChannel)).toEqual({ SMS: 6, EMAIL: 2, WEB: 4, WALK_IN: 1 });
      expect(counts(s.byStatus)).toEqual({ RECEIVED: 2, REFERRED: 2, ACKNOWLEDGED: 1, IN_PROGRESS: 1, RESOLVED: 3, REJECTED: 1, CLOSED: 3 });
      expect(s.byHandlingOrganisation).toEqual([
        { key: healthId, label: HEALTH_PARTNER, count: 7, suppressed: false },
        { key: waterId, label: WATER_PARTNER, count: 4, suppressed: false },
        { key: null, label: 'Not referred yet', count: 2, suppressed: false },
      ]);
    });

    it('rolls sub-counties up into their county', async () => {
      const s = await statistics(JANUARY, world.tokens.convener);
      expect(s.byCounty).toEqual([
        { key: 'TURKANA', label: 'Turkana', count: 7, suppressed: false },
        { key: 'WAJIR', label: 'Wajir', count: 4, suppressed: false },
        { key: 'WEST_POKOT', label: 'West Pokot', count: 0, suppressed: false },
        { key: null, label: 'Unclassified', count: 2, suppressed: false },
      ]);
      // Sub-counties by county, then name; a complaint naming only its county has no sub-county.
      expect(s.bySubCounty.map((b: { key: string | null; count: number }) => [b.key, b.count])).toEqual([
        ['LOIMA', 5],
        ['TURKANA_CENTRAL', 1],
        ['TURKANA_NORTH', 0],
        ['TARBAJ', 0],
        ['WAJIR_EAST', 3],
        ['WAJIR_NORTH', 0],
        ['KAPENGURIA', 0],
        ['POKOT_SOUTH', 0],
        ['SIGOR', 0],
        [null, 4],
      ]);
    });

    it('gives the median and 90th percentile of the times, overall and per organisation, with what they are over', async () => {
      const s = await statistics(JANUARY, world.tokens.convener);
      // First action after 1, 2, 3, 4, 5, 6, 8, 10, 12 hours: median 5; p90 at position 7.2, 10 + 0.2 × 2.
      expect(s.timeToFirstAction).toEqual({ count: 9, suppressed: false, medianHours: 5, p90Hours: 10.4 });
      // Resolution after 10, 20, 24, 48, 72, 96 hours: median (24 + 48) / 2; p90 at position 4.5.
      expect(s.timeToResolution).toEqual({ count: 6, suppressed: false, medianHours: 36, p90Hours: 84 });
      expect(s.timesByOrganisation).toEqual([
        {
          organisationId: healthId,
          label: HEALTH_PARTNER,
          toFirstAction: { count: 6, suppressed: false, medianHours: 7, p90Hours: 11 },
          toResolution: { count: 4, suppressed: false, medianHours: 60, p90Hours: 88.8 },
        },
        {
          organisationId: waterId,
          label: WATER_PARTNER,
          toFirstAction: { count: 3, suppressed: false, medianHours: 3, p90Hours: 4.6 },
          toResolution: { count: 2, suppressed: false, medianHours: 15, p90Hours: 19 },
        },
        {
          organisationId: null,
          label: 'Not referred yet',
          toFirstAction: { count: 0, suppressed: false, medianHours: null, p90Hours: null },
          toResolution: { count: 0, suppressed: false, medianHours: null, p90Hours: null },
        },
      ]);
    });

    it('gives the ISO weeks from the first complaint of the period to its last day: complaints lodged, and resolved whenever lodged', async () => {
      const s = await statistics(JANUARY, world.tokens.partner);
      expect(
        s.weekly.map((w: { week: string; startsOn: string; lodged: { count: number }; resolved: { count: number } }) => [
          w.week,
          w.startsOn,
          w.lodged.count,
          w.resolved.count,
        ]),
      ).toEqual([
        ['2026-W02', '2026-01-05', 5, 4],
        ['2026-W03', '2026-01-12', 6, 2],
        ['2026-W04', '2026-01-19', 2, 0],
        ['2026-W05', '2026-01-26', 0, 0],
      ]);
    });

    it('gives the calendar months of the same span: complaints lodged in each', async () => {
      const s = await statistics(JANUARY, world.tokens.partner);
      expect(s.monthly).toEqual([{ month: '2026-01', startsOn: '2026-01-01', lodged: { count: 13, suppressed: false } }]);
      const winter = await statistics({ from: '2025-12-01', to: '2026-01-31' }, world.tokens.partner);
      expect(winter.monthly.map((m: { month: string; lodged: { count: number } }) => [m.month, m.lodged.count])).toEqual([
        ['2025-12', 1],
        ['2026-01', 13],
      ]);
    });

    it('narrows to one handling organisation, whose times are then the overall ones', async () => {
      const s = await statistics({ ...JANUARY, organisationId: waterId }, world.tokens.implementer);
      expect(s.total.count).toBe(4);
      expect(counts(s.byStatus)).toEqual({ RECEIVED: 0, REFERRED: 1, ACKNOWLEDGED: 0, IN_PROGRESS: 0, RESOLVED: 1, REJECTED: 1, CLOSED: 1 });
      expect(s.byHandlingOrganisation).toEqual([{ key: waterId, label: WATER_PARTNER, count: 4, suppressed: false }]);
      expect(s.timeToFirstAction).toEqual({ count: 3, suppressed: false, medianHours: 3, p90Hours: 4.6 });
      expect(s.timeToResolution).toEqual({ count: 2, suppressed: false, medianHours: 15, p90Hours: 19 });
      expect(s.weekly.map((w: { lodged: { count: number }; resolved: { count: number } }) => [w.lodged.count, w.resolved.count])).toEqual([
        [2, 1],
        [2, 1],
        [0, 0],
        [0, 0],
      ]);
    });

    it('counts every complaint without a period, never a merged duplicate', async () => {
      const s = await statistics({}, world.tokens.admin);
      expect(s.total.count).toBe(14);
      expect(counts(s.byType).OTHER).toBe(1);
      // The December complaint adds 100 hours to the first actions: median of ten values is (5 + 6) / 2.
      // p90 at position 8.1: 12 + 0.1 × (100 − 12).
      expect(s.timeToFirstAction).toEqual({ count: 10, suppressed: false, medianHours: 5.5, p90Hours: 20.8 });
      expect(s.weekly[0]).toMatchObject({ week: '2025-W51', startsOn: '2025-12-15', lodged: { count: 1 }, resolved: { count: 0 } });
      expect(s.weekly.find((w: { week: string }) => w.week === '2025-W52')).toMatchObject({ lodged: { count: 0 }, resolved: { count: 1 } });
      // Up to the current week, every week listed.
      expect(s.weekly.at(-1).week).toBe(isoWeekOf(new Date().toISOString().slice(0, 10)).week);
      expect(new Set(s.weekly.map((w: { week: string }) => w.week)).size).toBe(s.weekly.length);
      expect(s.weekly.reduce((total: number, w: { lodged: { count: number } }) => total + w.lodged.count, 0)).toBe(14);
      // Every month up to the current one, the months without a complaint among them.
      expect(s.monthly[0]).toEqual({ month: '2025-12', startsOn: '2025-12-01', lodged: { count: 1, suppressed: false } });
      expect(s.monthly.at(-1).month).toBe(new Date().toISOString().slice(0, 7));
      expect(s.monthly.reduce((total: number, m: { lodged: { count: number } }) => total + m.lodged.count, 0)).toBe(14);
    });

    it('is the same for every role that may read the statistics', async () => {
      const convener = await statistics(JANUARY, world.tokens.convener);
      for (const token of [world.tokens.partner, world.tokens.waterPartner, world.tokens.implementer, world.tokens.admin]) {
        expect(await statistics(JANUARY, token)).toEqual(convener);
      }
    });
  });

  describe('for the public', () => {
    it('withholds every count of 1 to 4, the counts that would give them back, and the times over them, in the same shape', async () => {
      const s = await statistics(JANUARY);
      expect(s.smallCountsSuppressed).toBe(true);
      expect(s.total).toEqual({ count: 13, suppressed: false });
      expect(s.byGender).toEqual([
        { key: 'FEMALE', label: 'Female', count: 6, suppressed: false },
        // 13 − 6 − 0 would give the 2 who did not say: the 5 men are withheld beside them.
        { key: 'MALE', label: 'Male', count: null, suppressed: true },
        { key: 'OTHER', label: 'Other', count: 0, suppressed: false },
        { key: null, label: 'Not given', count: null, suppressed: true },
      ]);
      expect(counts(s.byAgeGroup)).toEqual({ UNDER_18: null, FROM_18_TO_35: 5, FROM_36_TO_60: null, OVER_60: null, null: null });
      expect(counts(s.byStatus)).toEqual({
        RECEIVED: null,
        REFERRED: null,
        ACKNOWLEDGED: null,
        IN_PROGRESS: null,
        RESOLVED: null,
        REJECTED: null,
        CLOSED: null,
      });
      expect(s.byHandlingOrganisation.map((b: { count: number | null; suppressed: boolean }) => [b.count, b.suppressed])).toEqual([
        [7, false],
        [null, true],
        [null, true],
      ]);
      expect(s.timeToFirstAction).toEqual({ count: 9, suppressed: false, medianHours: 5, p90Hours: 10.4 });
      expect(s.timeToResolution).toEqual({ count: 6, suppressed: false, medianHours: 36, p90Hours: 84 });
      const withheld = { count: null, suppressed: true, medianHours: null, p90Hours: null };
      // The health partners' 6 first actions would give back the water partners' 3 from the overall 9.
      expect(s.timesByOrganisation[0]).toMatchObject({ toFirstAction: withheld, toResolution: withheld });
      expect(s.timesByOrganisation[1]).toMatchObject({ toFirstAction: withheld, toResolution: withheld });
      expect(s.weekly.map((w: { lodged: { count: number | null }; resolved: { count: number | null } }) => [w.lodged.count, w.resolved.count])).toEqual([
        // The 5 of W02 would give back the 2 of W04 from the total.
        [null, null],
        [6, null],
        [null, 0],
        [0, 0],
      ]);
      // The month is the month's total, shown with it.
      expect(s.monthly).toEqual([{ month: '2026-01', startsOn: '2026-01-01', lodged: { count: 13, suppressed: false } }]);
    });

    it('applies to every signed-in role that may not read the statistics', async () => {
      const open = await statistics(JANUARY);
      for (const token of [world.tokens.authority, world.tokens.monitor, world.tokens.bidders[0]]) {
        expect(await statistics(JANUARY, token)).toEqual(open);
      }
    });
  });

  describe('for the public, nothing withheld can be worked back', () => {
    const DECEMBER = { from: '2025-12-01', to: '2025-12-31' };
    const WINTER = { from: '2025-12-01', to: '2026-01-31' };
    const PERIODS = { december: DECEMBER, january: JANUARY, winter: WINTER };
    const WINTER_IS = [{ whole: 'winter', parts: ['december', 'january'] }];
    const answers = async (token?: string) =>
      Object.fromEntries(
        await Promise.all(Object.entries(PERIODS).map(async ([name, period]) => [name, answerTable(name, await statistics(period, token))] as const)),
      );
    /** The rule before complementary suppression: every count of 1 to 4 withheld, nothing else. */
    const smallOnly = (table: PublishedTable): PublishedTable => ({
      ...table,
      cells: new Map([...table.cells].map(([name, count]) => [name, count !== null && isWithheld(count) ? null : count])),
    });

    it('gives back nothing withheld by any subtraction within one answer, or between overlapping periods', async () => {
      const open = await answers();
      for (const table of Object.values(open)) expect(recoverBySubtraction(table)).toEqual(new Map());
      expect(recoverBySubtraction(linkedTables(open, WINTER_IS))).toEqual(new Map());
    });

    it('narrows no withheld count of 1 to 4 to fewer than 5 complaints', async () => {
      const [open, exact] = await Promise.all([answers(), answers(world.tokens.convener)]);
      for (const [name, table] of Object.entries(open)) {
        for (const [cell, bound] of upperBounds(table)) {
          if (isWithheld(exact[name].cells.get(cell)!)) expect({ cell, bound: bound >= 5 }).toEqual({ cell, bound: true });
        }
      }
    });

    it('is an attack that works on the figures withheld the old way (1 to 4 only)', async () => {
      const exact = await answers(world.tokens.convener);
      const old = Object.fromEntries(Object.entries(exact).map(([name, table]) => [name, smallOnly(table)]));
      // January alone: 13 minus 6 women, 5 men and 0 others gives the 2 who did not say.
      expect(recoverBySubtraction(old.january).get('january/byGender:null')).toBe(2);
      // December and January minus January gives December's one complaint, in every breakdown.
      expect(recoverBySubtraction(linkedTables(old, WINTER_IS)).get('december/total')).toBe(1);
    });

    it('adds up a longer period from whole months, withholding what any of its months withholds', async () => {
      const open = await answers();
      for (const [cell, count] of open.winter.cells) {
        const month = (name: string) => open[name].cells.get(`${name}/${cell.slice('winter/'.length)}`);
        if (month('december') === null || month('january') === null) expect({ cell, count }).toEqual({ cell, count: null });
      }
      // December holds one complaint: every period holding December withholds the total.
      expect(open.winter.cells.get('winter/total')).toBeNull();
    });

    it('gives each month of a longer period as that month alone gives its total, so the total minus the other months gives nothing', async () => {
      const open = await answers();
      // December's one complaint is withheld with December's total; January's 13 are shown, as January alone shows them.
      expect(open.winter.cells.get('winter/lodged-month:2025-12')).toBeNull();
      expect(open.winter.cells.get('winter/lodged-month:2026-01')).toBe(open.january.cells.get('january/total'));
      expect(open.january.cells.get('january/total')).toBe(13);
      // The subtraction: the winter total minus January would give December, were the total shown.
      const months = open.winter.sums.find((sum) => sum.children.includes('winter/lodged-month:2025-12'))!;
      expect(months).toEqual({ parent: 'winter/total', children: ['winter/lodged-month:2025-12', 'winter/lodged-month:2026-01'] });
      expect(recoverBySubtraction(open.winter).has('winter/lodged-month:2025-12')).toBe(false);
      expect(recoverBySubtraction(linkedTables(open, WINTER_IS))).toEqual(new Map());
    });

    it.each([
      [{ from: '2026-01-05', to: '2026-01-31' }, 'from', 'PERIOD_NOT_WHOLE_MONTHS'],
      [{ from: '2026-01-01', to: '2026-01-30' }, 'to', 'PERIOD_NOT_WHOLE_MONTHS'],
      [{ from: new Date().toISOString().slice(0, 8) + '01' }, 'to', 'PERIOD_NOT_ENDED'],
      [{ ...JANUARY, organisationId: '00000000-0000-4000-8000-000000000000' }, 'organisationId', 'FILTER_NOT_PUBLIC'],
    ])('refuses the public %j, naming %s', async (filter, field, reason) => {
      const error = await app.fails(STATISTICS, { filter });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, fields: [expect.objectContaining({ field })] });
      const response = await fetch(`${app.url}/complaints/statistics.csv?${new URLSearchParams(filter).toString()}`);
      expect(response.status).toBe(400);
    });

    it('ends the public period without one at the last month that has ended, and keeps any day for those who may read every figure', async () => {
      const now = new Date();
      const lastEnded = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10);
      expect(await statistics()).toMatchObject({ from: null, to: lastEnded });
      expect(await statistics({ from: '2026-01-05', to: '2026-01-10' }, world.tokens.convener)).toMatchObject({ total: { count: expect.any(Number) } });
    });

    it('withholds the same from a period reaching back a thousand years as from the months that hold complaints', async () => {
      // Months without a complaint withhold nothing, so they are not worked through one by one.
      const { from, ...sinceTheFirst } = await statistics(WINTER);
      const { from: farBack, ...sinceTheYear1000 } = await statistics({ ...WINTER, from: '1000-01-01' });
      expect([from, farBack]).toEqual([WINTER.from, '1000-01-01']);
      expect(sinceTheYear1000).toEqual(sinceTheFirst);
    });
  });

  describe('as files', () => {
    const download = async (path: string, token?: string) => fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const csvRows = async (response: Response) => (await response.text()).trimEnd().split('\r\n');

    it('gives the CSV: one row per dimension and value, the times on the total and organisation rows', async () => {
      const response = await download('/complaints/statistics.csv?from=2026-01-01&to=2026-01-31', world.tokens.convener);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="complaint-statistics_2026-01-01_to-2026-01-31.csv"');
      const rows = await csvRows(response);
      expect(rows[0]).toBe(
        'dimension,key,label,count,suppressed,first_action_complaints,first_action_median_hours,first_action_p90_hours,first_action_suppressed,' +
          'resolution_complaints,resolution_median_hours,resolution_p90_hours,resolution_suppressed',
      );
      expect(rows[1]).toBe('total,,All complaints,13,false,9,5,10.4,false,6,36,84,false');
      expect(rows).toContain('gender,,Not given,2,false,,,,,,,,');
      expect(rows).toContain('age_group,UNDER_18,Under 18,1,false,,,,,,,,');
      expect(rows).toContain('sub_county,,No sub-county given,4,false,,,,,,,,');
      expect(rows).toContain(`handling_organisation,${healthId},${HEALTH_PARTNER},7,false,6,7,11,false,4,60,88.8,false`);
      expect(rows).toContain('handling_organisation,,Not referred yet,2,false,0,,,false,0,,,false');
      expect(rows).toContain('lodged_in_week,2026-W03,2026-01-12,6,false,,,,,,,,');
      expect(rows).toContain('resolved_in_week,2026-W03,2026-01-12,2,false,,,,,,,,');
      expect(rows.at(-1)).toBe('lodged_in_month,2026-01,2026-01-01,13,false,,,,,,,,');
      // Header, total, 4 genders, 5 age groups, 7 sectors, 6 types, 4 counties, 10 sub-counties, 4 channels, 3 organisations, 7 statuses, 4 + 4 weeks, 1 month.
      expect(rows).toHaveLength(1 + 1 + 4 + 5 + 7 + 6 + 4 + 10 + 4 + 3 + 7 + 8 + 1);
    });

    it('withholds the same figures in the public CSV', async () => {
      const rows = await csvRows(await download('/complaints/statistics.csv?from=2026-01-01&to=2026-01-31'));
      expect(rows[1]).toBe('total,,All complaints,13,false,9,5,10.4,false,6,36,84,false');
      expect(rows).toContain('age_group,UNDER_18,Under 18,,true,,,,,,,,');
      expect(rows).toContain(`handling_organisation,${waterId},${WATER_PARTNER},,true,,,,true,,,,true`);
      expect(rows).toContain(`handling_organisation,${healthId},${HEALTH_PARTNER},7,false,,,,true,,,,true`);
      expect(rows).toContain('gender,MALE,Male,,true,,,,,,,,');
      expect(rows).toContain('resolved_in_week,2026-W03,2026-01-12,,true,,,,,,,,');
      // No count of 1 to 4 is left in: neither a bucket's nor the number a time is over.
      for (const row of rows.slice(1)) {
        const cells = row.split(',');
        for (const [count, suppressed] of [
          [3, 4],
          [5, 8],
          [9, 12],
        ]) {
          if (cells[count] !== '') expect(Number(cells[count]) === 0 || Number(cells[count]) >= 5).toBe(true);
          if (cells[count] === '' && cells[suppressed] !== '') expect(cells[suppressed]).toBe('true');
        }
      }
    });

    it('gives a PDF with the tables and charts, its footer the hash of the CSV of the same figures', async () => {
      const csv = await (await download('/complaints/statistics.csv?from=2026-01-01&to=2026-01-31')).text();
      const response = await download('/complaints/statistics.pdf?from=2026-01-01&to=2026-01-31');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe('inline; filename="complaint-statistics_2026-01-01_to-2026-01-31.pdf"');
      const text = (await pdfText(Buffer.from(await response.arrayBuffer()))).replace(/\s+/g, ' ');
      for (const expected of [
        'Complaint statistics',
        '2026-01-01 to 2026-01-31',
        'counts of 1 to 4 complaints',
        'Complaints by sector',
        'Complaints by county',
        // Every status has fewer than 5 complaints: the public chart has nothing to draw.
        'Complaints by status: no count large enough to chart.',
        'Complaints lodged per week',
        'Complaints resolved per week',
        'Month by month',
        'Complaints lodged per calendar month',
        'would give them back by subtraction',
        HEALTH_PARTNER,
        'Turkana Central',
        '2026-W03',
        'Male x Other',
        createHash('sha256').update(csv).digest('hex'),
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('gives the convener a PDF without withheld figures', async () => {
      const response = await download('/complaints/statistics.pdf?from=2026-01-01&to=2026-01-31', world.tokens.convener);
      const text = (await pdfText(Buffer.from(await response.arrayBuffer()))).replace(/\s+/g, ' ');
      expect(text).not.toContain('Not given x');
      expect(text).not.toContain('counts of 1 to 4 complaints');
      expect(text).toContain(WATER_PARTNER);
      expect(text).toContain('Complaints by status');
      expect(text).not.toContain('no count large enough to chart');
    });
  });

  describe('refuses a bad filter', () => {
    it.each([
      [{ from: '2026-13-01' }, 'from'],
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '1 January 2026' }, 'to'],
      [{ organisationId: 'the water people' }, 'organisationId'],
    ])('%j names %s', async (filter, field) => {
      const error = await app.fails(STATISTICS, { filter });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field })] });
    });

    it('refuses a period that ends before it starts', async () => {
      const error = await app.fails(STATISTICS, { filter: { from: '2026-02-01', to: '2026-01-31' } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', fields: [{ field: 'to', messages: [expect.any(String)] }] });
    });

    it('answers a bad query parameter of the files with 400 naming it', async () => {
      for (const path of ['/complaints/statistics.csv?from=yesterday', '/complaints/statistics.pdf?organisationId=x']) {
        const response = await fetch(`${app.url}${path}`);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { code: string; fields: Array<{ field: string }> } };
        expect(body.error.code).toBe('BAD_USER_INPUT');
        expect(body.error.fields[0].field).toBe(path.includes('from') ? 'from' : 'organisationId');
      }
    });
  });

  describe('as complaints change', () => {
    it('follows every change in the same transaction, and agrees with a full recount', async () => {
      const before = await statistics({}, world.tokens.convener);
      // W4 is acted on 7 hours after lodging.
      await app.sql.query(`UPDATE complaints SET status = 'ACKNOWLEDGED', first_action_at = created_at + interval '7 hours' WHERE id = $1`, [ids.get('W4')]);
      // A complaint lodged on the web now, routed by the demo rules to the health partners.
      await lodge(app, { sectorCode: 'HEALTH', areaCode: 'LOIMA', gender: 'FEMALE' });
      // P7 is merged into P6 and stops counting.
      await app.sql.query(`UPDATE complaints SET status = 'CLOSED', merged_into_id = $2, closed_at = now() WHERE id = $1`, [ids.get('P7'), ids.get('P6')]);

      const after = await statistics({}, world.tokens.convener);
      expect(after.total.count).toBe(before.total.count + 1 - 1);
      expect(counts(after.byStatus).ACKNOWLEDGED).toBe(counts(before.byStatus).ACKNOWLEDGED! + 1);
      expect(counts(after.byGender).FEMALE).toBe(counts(before.byGender).FEMALE! + 1 - 1);
      const water = after.timesByOrganisation.find((o: { organisationId: string }) => o.organisationId === waterId);
      // 1, 3, 5, 7 hours: median 4; p90 at position 2.7, 5 + 0.7 × 2.
      expect(water.toFirstAction).toEqual({ count: 4, suppressed: false, medianHours: 4, p90Hours: 6.4 });

      const kept = await cells();
      await app.sql.query('SELECT complaint_statistics_rebuild()');
      expect(await cells()).toEqual(kept);
    });
  });
});
