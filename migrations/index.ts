import { Foundation1764110000000 } from './1764110000000-Foundation.js';
import { Monitoring1764200000000 } from './1764200000000-Monitoring.js';
import { OcdsIds1764300000004 } from './1764300000004-OcdsIds.js';
import { MonitoringRecordsFixed1764500000000 } from './1764500000000-MonitoringRecordsFixed.js';
import { Complaints1764400000000 } from './1764400000000-Complaints.js';
import { ComplaintReferral1764600000000 } from './1764600000000-ComplaintReferral.js';
import { ComplaintStatistics1764700000000 } from './1764700000000-ComplaintStatistics.js';
import { RateLimits1764800000000 } from './1764800000000-RateLimits.js';
import { AuditCheckpoints1764900000000 } from './1764900000000-AuditCheckpoints.js';
import { ComplainantProofs1765000000000 } from './1765000000000-ComplainantProofs.js';
import { TokenRevocation1765100000000 } from './1765100000000-TokenRevocation.js';
import { PublicRecordRegister1765150000000 } from './1765150000000-PublicRecordRegister.js';
import { WebSessions1765200000000 } from './1765200000000-WebSessions.js';
import { PartnerQueue1765260000000 } from './1765260000000-PartnerQueue.js';

/** Listed explicitly rather than globbed, so the same list works from source, from dist and under jest. */
export const MIGRATIONS = [
  Foundation1764110000000,
  Monitoring1764200000000,
  OcdsIds1764300000004,
  Complaints1764400000000,
  MonitoringRecordsFixed1764500000000,
  ComplaintReferral1764600000000,
  ComplaintStatistics1764700000000,
  RateLimits1764800000000,
  AuditCheckpoints1764900000000,
  ComplainantProofs1765000000000,
  TokenRevocation1765100000000,
  PublicRecordRegister1765150000000,
  WebSessions1765200000000,
  PartnerQueue1765260000000,
];
