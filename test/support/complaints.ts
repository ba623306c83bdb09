import type { TestApp } from './test-app.js';

export const LODGE = `mutation ($input: LodgeComplaintInput!) { lodgeComplaint(input: $input) { trackingNumber secret status receiptUrl } }`;

const BUCKET = 'key label count suppressed';
const TIME = 'count suppressed medianHours p90Hours';
/** Every figure of the complaint statistics; shared by the tests and bench/complaint-statistics.ts. */
export const STATISTICS = `query ($filter: ComplaintStatisticsFilter) {
  complaintStatistics(filter: $filter) {
    from to organisationId smallCountsSuppressed
    total { count suppressed }
    byGender { ${BUCKET} } byAgeGroup { ${BUCKET} } bySector { ${BUCKET} } byType { ${BUCKET} }
    byCounty { ${BUCKET} } bySubCounty { ${BUCKET} } byChannel { ${BUCKET} }
    byHandlingOrganisation { ${BUCKET} } byStatus { ${BUCKET} }
    timeToFirstAction { ${TIME} } timeToResolution { ${TIME} }
    timesByOrganisation { organisationId label toFirstAction { ${TIME} } toResolution { ${TIME} } }
    weekly { week startsOn lodged { count suppressed } resolved { count suppressed } }
    monthly { month startsOn lodged { count suppressed } }
  }
}`;

export const COMPLAINT_FIELDS = `id trackingNumber status channel description contactBy anonymous language
  sector { code } type { code } area { code } handlingOrganisation { id name } procurementReference
  referredAt acknowledgeDueAt resolveDueAt firstActionAt resolvedAt closedAt rejectionReason mergedInto rating findingId escalatedToId`;

/** A web complaint with sensible defaults; `extra` overrides any field of LodgeComplaintInput. */
export function complaintInput(extra: Record<string, unknown> = {}) {
  return {
    description: 'The dispensary in Kakuma has had no malaria drugs for three weeks.',
    sectorCode: 'HEALTH',
    typeCode: 'SERVICE_DELIVERY',
    areaCode: 'LOIMA',
    ...extra,
  };
}

export async function lodge(
  app: TestApp,
  extra: Record<string, unknown> = {},
): Promise<{ trackingNumber: string; secret: string | null; status: string; id: string }> {
  const { lodgeComplaint } = await app.ok(LODGE, { input: complaintInput(extra) });
  const { rows } = await app.sql.query('SELECT id FROM complaints WHERE tracking_number = $1', [canonical(lodgeComplaint.trackingNumber)]);
  return { ...lodgeComplaint, id: rows[0].id };
}

export const canonical = (trackingNumber: string) => trackingNumber.replace(/^PW-|-/g, '');

export interface QueuedMessage {
  template: string;
  channel: string;
  language: string;
  subject: string | null;
  body: string;
  status: string;
}

/** The messages queued about a complaint, oldest first (the recipient stays encrypted). */
export async function messagesAbout(app: TestApp, complaintId: string): Promise<QueuedMessage[]> {
  const { rows } = await app.sql.query(
    'SELECT template, channel, language, subject, body, status FROM outbound_messages WHERE complaint_id = $1 ORDER BY created_at, id',
    [complaintId],
  );
  return rows;
}

/** Waits (polling, no fixed sleep) until `check` passes or the time is up. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
