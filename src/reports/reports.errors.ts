import { conflict, invalidField } from '../errors/domain-error.js';
import type { ReportStatus } from './monitoring-report.entity.js';

export const reportAlreadyPublished = (reportId: string) =>
  conflict('REPORT_ALREADY_PUBLISHED', 'This report is published and can no longer change; start a new report', { reportId });

export const reportNotInStatus = (expected: ReportStatus, actual: ReportStatus) =>
  conflict(`REPORT_NOT_${expected}`, `This needs a ${expected.toLowerCase()} report; this one is ${actual.toLowerCase()}`, { status: actual });

export const unknownSection = (key: string) => invalidField('key', `the report has no section "${key}"`, 'UNKNOWN_REPORT_SECTION');

export const periodRequired = () => invalidField('periodStart', 'a periodic report needs both periodStart and periodEnd', 'INVALID_REPORT_PERIOD');

export const periodOfFinalReport = () =>
  invalidField('periodStart', 'a final report covers the whole procurement; leave periodStart and periodEnd out', 'INVALID_REPORT_PERIOD');

export const periodReversed = () => invalidField('periodEnd', 'periodEnd must not be before periodStart', 'INVALID_REPORT_PERIOD');
