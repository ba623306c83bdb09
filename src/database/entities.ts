import { Membership } from '../accounts/membership.entity.js';
import { Organisation } from '../accounts/organisation.entity.js';
import { User } from '../accounts/user.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { DraftComment } from '../pacts/draft-comment.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { PactDraft } from '../pacts/pact-draft.entity.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { ProcurementBidder } from '../procurements/procurement-bidder.entity.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { Signature } from '../signatures/signature.entity.js';

export const ENTITIES = [
  Organisation, User, Membership,
  Procurement, ProcurementBidder, StageTransition,
  Pact, PactDraft, PactVersion, DraftComment,
  Signature, AuditEntry,
];
