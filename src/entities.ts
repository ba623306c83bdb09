import { Membership } from './accounts/membership.entity.js';
import { Organisation } from './accounts/organisation.entity.js';
import { User } from './accounts/user.entity.js';
import { AuditEntry } from './audit/audit-entry.entity.js';
import { Checkpoint } from './checkpoints/checkpoint.entity.js';
import { Area } from './complaints/area.entity.js';
import { ComplaintSector } from './complaints/complaint-sector.entity.js';
import { ComplaintType } from './complaints/complaint-type.entity.js';
import { Complaint } from './complaints/complaint.entity.js';
import { DraftComment } from './pacts/draft-comment.entity.js';
import { Pact } from './pacts/pact.entity.js';
import { PactDraft } from './pacts/pact-draft.entity.js';
import { PactVersion } from './pacts/pact-version.entity.js';
import { Procurement } from './procurements/procurement.entity.js';
import { ProcurementBidder } from './procurements/procurement-bidder.entity.js';
import { StageTransition } from './procurements/stage-transition.entity.js';
import { Signature } from './signatures/signature.entity.js';
import { FindingEvidence } from './findings/finding-evidence.entity.js';
import { InboundMessage } from './complaint-channels/inbound-message.entity.js';
import { ComplaintAddition } from './complaints/records/complaint-addition.entity.js';
import { ComplaintDeadline } from './complaints/referral/complaint-deadline.entity.js';
import { ComplaintEvent } from './complaints/complaint-event.entity.js';
import { ComplaintNote } from './complaints/records/complaint-note.entity.js';
import { ComplaintReminder } from './complaints/referral/complaint-reminder.entity.js';
import { ReferralRule } from './complaints/referral/referral-rule.entity.js';
import { OutboundMessage } from './notifications/outbound-message.entity.js';
import { Finding } from './findings/finding.entity.js';
import { FindingNote } from './findings/finding-note.entity.js';
import { FindingResponse } from './findings/finding-response.entity.js';
import { RedFlagSetting } from './red-flags/red-flag-setting.entity.js';
import { RedFlag } from './red-flags/red-flag.entity.js';
import { MonitoringReport } from './reports/monitoring-report.entity.js';
import { PublishedReport } from './reports/published-report.entity.js';
import { ReportContribution } from './reports/report-contribution.entity.js';
import { StageSignOff } from './sign-offs/stage-sign-off.entity.js';
import { Award } from './tendering/award.entity.js';
import { Bid } from './tendering/bid.entity.js';
import { ContractAmendment } from './tendering/contract-amendment.entity.js';
import { Contract } from './tendering/contract.entity.js';

export const ENTITIES = [
  Organisation,
  User,
  Membership,
  Procurement,
  ProcurementBidder,
  StageTransition,
  Pact,
  PactDraft,
  PactVersion,
  DraftComment,
  Signature,
  AuditEntry,
  Checkpoint,
  Bid,
  Award,
  Contract,
  ContractAmendment,
  Finding,
  FindingEvidence,
  FindingResponse,
  FindingNote,
  StageSignOff,
  RedFlag,
  RedFlagSetting,
  MonitoringReport,
  ReportContribution,
  PublishedReport,
  ComplaintSector,
  ComplaintType,
  Area,
  Complaint,
  ReferralRule,
  ComplaintDeadline,
  ComplaintEvent,
  ComplaintNote,
  ComplaintAddition,
  ComplaintReminder,
  InboundMessage,
  OutboundMessage,
];
