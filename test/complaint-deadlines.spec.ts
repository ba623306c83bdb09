import { jest } from '@jest/globals';
import { ClockService } from '../src/clock/clock.service.js';
import { ContactCipher } from '../src/contacts/contact-cipher.js';
import { DEADLINE_SWEEP_QUEUE, DeadlineSweepService } from '../src/complaints/referral/deadline-sweep.service.js';
import { APP_CONFIG } from '../src/config/app-config.js';
import type { ResolvedConfig } from '../src/config/secrets.js';
import { recipientContext } from '../src/notifications/outbox.service.js';
import { lodge } from './support/complaints.js';
import { DEMO_ACCOUNTS, demoWorld, type DemoWorld } from './support/demo.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;

/**
 * Reminders and escalation, with the clock moved forward instead of waiting, and with two
 * instances of the platform sweeping the same database at the same moment.
 */
describe('complaint deadlines', () => {
  let first: TestApp;
  let second: TestApp;
  let world: DemoWorld;
  let cipher: ContactCipher;
  let now = Date.parse('2027-03-01T08:00:00Z');

  const at = (hoursLater: number) => {
    now = start + hoursLater * HOUR;
  };
  let start = now;
  const sweepBoth = () => Promise.all([first, second].map((app) => app.running.app.get(DeadlineSweepService).sweep()));
  /** The reminders (level 1) and escalations (level 2) sent about a complaint, in order. */
  const remindersOf = async (complaintId: string) => {
    const { rows } = await first.sql.query('SELECT deadline, level FROM complaint_reminders WHERE complaint_id = $1 ORDER BY sent_at, level', [complaintId]);
    return rows.map((r: { deadline: string; level: number }) => `${r.deadline.toLowerCase()} ${r.level === 1 ? 'reminder' : 'escalation'}`);
  };
  /** Messages about a complaint with their recipients, oldest first. */
  const messages = async (complaintId: string) => {
    const { rows } = await first.sql.query(
      'SELECT id, template, channel, recipient_encrypted FROM outbound_messages WHERE complaint_id = $1 ORDER BY created_at, id',
      [complaintId],
    );
    return rows.map((r: Record<string, any>) => ({
      template: r.template,
      channel: r.channel,
      to: cipher.decrypt(r.recipient_encrypted, recipientContext(r.id)),
    }));
  };
  const templatesOf = async (complaintId: string, ...templates: string[]) =>
    (await messages(complaintId))
      .filter((m) => templates.includes(m.template))
      .map((m) => `${m.template} → ${m.to}`)
      .sort();

  beforeAll(async () => {
    first = await startTestApp();
    // A second instance of the platform on the same database, as behind a load balancer.
    const key = first.running.app.get<ResolvedConfig>(APP_CONFIG).contactEncryptionKey;
    second = await startTestApp({ contactEncryptionKey: key }, { sharedDatabase: first.database });
    for (const app of [first, second]) jest.spyOn(app.running.app.get(ClockService), 'now').mockImplementation(() => new Date(now));
    cipher = new ContactCipher(key!);
    world = await demoWorld(first);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('reminds the organisation and tells the convener once the time to acknowledge lapses, then escalates to the implementer', async () => {
    start = now;
    const { id } = await lodge(first, { phone: '+254711000001' });
    at(71);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual([]);

    at(73);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual(['acknowledge reminder']);
    expect(await templatesOf(id, 'deadline-reminder', 'convener-follow-up')).toEqual([
      `convener-follow-up → ${DEMO_ACCOUNTS.convener}`,
      `deadline-reminder → ${DEMO_ACCOUNTS.partner}`,
    ]);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual(['acknowledge reminder']);

    // The second lapse: as long again after the deadline.
    at(143);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual(['acknowledge reminder']);
    at(145);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual(['acknowledge reminder', 'acknowledge escalation']);
    expect(await templatesOf(id, 'complaint-escalated')).toEqual([`complaint-escalated → ${DEMO_ACCOUNTS.implementer}`]);
    const { rows } = await first.sql.query('SELECT escalated_to_id FROM complaints WHERE id = $1', [id]);
    expect(rows[0].escalated_to_id).toBe(world.implementerId);
    const queue = await first.ok(`{ complaints { items { id escalatedToId } } }`, {}, world.tokens.implementer);
    expect(queue.complaints.items).toContainEqual({ id, escalatedToId: world.implementerId });
    // The complainant's contact stays with the convener and the handling organisation.
    const contact = await first.fails(`query ($id: ID!) { complaint(id: $id) { contact { phone } } }`, { id }, world.tokens.implementer);
    expect(contact.extensions.code).toBe('FORBIDDEN');

    const history = await first.ok(`query ($id: ID!) { complaint(id: $id) { history { kind } } }`, { id }, world.tokens.convener);
    expect(history.complaint.history.map((e: { kind: string }) => e.kind)).toEqual(['LODGED', 'REFERRED', 'REMINDED', 'ESCALATED']);
    // Nothing to the complainant about the organisation's lateness.
    expect((await messages(id)).filter((m) => m.channel === 'SMS').map((m) => m.template)).toEqual(['complaint-received']);
  });

  it('sends each reminder exactly once when two instances sweep many complaints at the same moment', async () => {
    start = now;
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await lodge(first, { email: `resident${i}@example.org` })).id);
    at(80);
    const outcomes = await Promise.all([first, second, first, second].map((app) => app.running.app.get(DeadlineSweepService).sweep()));
    // Every sweep saw the twelve lapsed deadlines; between them they sent twelve reminders, not more.
    expect(outcomes.reduce((sum, o) => sum + o.reminders, 0)).toBe(12);
    const { rows } = await first.sql.query(
      `SELECT complaint_id, count(*)::int AS reminders FROM complaint_reminders WHERE complaint_id = ANY($1) GROUP BY complaint_id`,
      [ids],
    );
    expect(rows).toHaveLength(12);
    expect(rows.every((r: { reminders: number }) => r.reminders === 1)).toBe(true);
    const { rows: sent } = await first.sql.query(
      `SELECT count(*)::int AS n FROM outbound_messages WHERE complaint_id = ANY($1) AND template IN ('deadline-reminder', 'convener-follow-up')`,
      [ids],
    );
    expect(sent[0].n).toBe(24);
  });

  it('watches the time to resolve once acknowledged, and leaves resolved complaints alone', async () => {
    start = now;
    const acknowledged = await lodge(first, { phone: '+254711000002' });
    const resolved = await lodge(first, { phone: '+254711000003' });
    const setStatus = (complaintId: string, status: string) =>
      first.ok(
        `mutation ($input: SetComplaintStatusInput!) { setComplaintStatus(input: $input) { id } }`,
        { input: { complaintId, status } },
        world.tokens.partner,
      );
    at(1);
    await setStatus(acknowledged.id, 'ACKNOWLEDGED');
    await setStatus(resolved.id, 'RESOLVED');
    at(503);
    await sweepBoth();
    expect(await remindersOf(acknowledged.id)).toEqual([]);
    at(505);
    await sweepBoth();
    expect(await remindersOf(acknowledged.id)).toEqual(['resolve reminder']);
    expect(await remindersOf(resolved.id)).toEqual([]);
  });

  it('starts the deadlines again for the organisation a complaint is re-referred to', async () => {
    start = now;
    const { id } = await lodge(first, { phone: '+254711000004' });
    at(73);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual(['acknowledge reminder']);
    const { rows: partners } = await first.sql.query(`SELECT id FROM organisations WHERE name = 'Wajir Water Users Association'`);
    await first.ok(
      `mutation ($input: ReferComplaintInput!) { referComplaint(input: $input) { id } }`,
      { input: { complaintId: id, organisationId: partners[0].id, reason: 'The dispensary’s water supply is the real problem' } },
      world.tokens.convener,
    );
    at(74);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual(['acknowledge reminder']);
    // 72 hours after the re-referral: the new organisation's first reminder, not the old one's escalation.
    at(73 + 73);
    await sweepBoth();
    expect(await remindersOf(id)).toEqual(['acknowledge reminder', 'acknowledge reminder']);
    expect(await templatesOf(id, 'deadline-reminder')).toEqual([
      `deadline-reminder → ${DEMO_ACCOUNTS.partner}`,
      `deadline-reminder → ${DEMO_ACCOUNTS.waterPartner}`,
    ]);
  });
});

describe('the deadline sweep schedule', () => {
  it('is one pg-boss schedule for all instances on a database, set from DEADLINE_SWEEP_SECONDS in whole minutes', async () => {
    const first = await startTestApp({ deadlineSweepSeconds: 90 });
    try {
      const key = first.running.app.get<ResolvedConfig>(APP_CONFIG).contactEncryptionKey;
      const second = await startTestApp({ contactEncryptionKey: key, deadlineSweepSeconds: 90 }, { sharedDatabase: first.database });
      try {
        const { rows } = await first.sql.query('SELECT name, cron FROM pgboss.schedule WHERE name = $1', [DEADLINE_SWEEP_QUEUE]);
        expect(rows).toEqual([{ name: DEADLINE_SWEEP_QUEUE, cron: '*/2 * * * *' }]);
      } finally {
        await second.close();
      }
      // An instance started with the sweep off (0) takes the schedule away for all.
      const third = await startTestApp({ contactEncryptionKey: key, deadlineSweepSeconds: 0 }, { sharedDatabase: first.database });
      await third.close();
      const { rows } = await first.sql.query('SELECT name FROM pgboss.schedule WHERE name = $1', [DEADLINE_SWEEP_QUEUE]);
      expect(rows).toEqual([]);
    } finally {
      await first.close();
    }
  });
});
