import type { LodgedComplaint as Lodged } from './complaint-intake.service.js';
import type { LodgedComplaint } from '../complaint-views.js';
import { formatTrackingNumber } from '../tracking-number.js';

/** What the complainant is handed back, on any channel that answers at once. */
export function lodgedComplaintView({ complaint, secret }: Lodged): LodgedComplaint {
  const trackingNumber = formatTrackingNumber(complaint.trackingNumber);
  return { trackingNumber, secret, status: complaint.status, receiptUrl: `/complaints/${trackingNumber}/receipt.pdf` };
}
