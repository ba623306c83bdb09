import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Organisation } from '../accounts/organisation.entity.js';
import { ProcurementComplaintFigures } from '../complaint-statistics/procurement-complaint-figures.js';
import { FindingResponse } from '../findings/finding-response.entity.js';
import { Finding } from '../findings/finding.entity.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { RedFlagStatus } from '../red-flags/red-flag.entity.js';
import { PublishedReport } from '../reports/published-report.entity.js';
import { StageSignOff } from '../sign-offs/stage-sign-off.entity.js';
import { Signature } from '../signatures/signature.entity.js';

/*
 * The case file is a read model: the same fields as the entities it is made of, with its
 * relations as plain fields, so one compiled statement fills the whole selection and no field
 * resolver (and no loader) runs below it. Only Signature.superseded still has its own resolver.
 * A signature's check with the platform's key and the complaint figures are worked out from
 * what that statement read, without another.
 */

@ObjectType({ description: 'A signature in a case file, and whether it verifies with the platform’s public key.' })
export class CaseFileSignature extends Signature {
  @Field({
    description:
      "True when the platform's Ed25519 countersignature verifies with its public key and covers exactly this record's fields (as verifySignature checks them).",
  })
  verifiesWithPlatformKey: boolean;
}

@ObjectType({ description: 'A published version in a case file, with who signed it.' })
export class CaseFileVersion extends PactVersion {
  @Field({ description: 'True once a later version is published; its signatures no longer bind.' })
  superseded: boolean;

  @Field(() => [CaseFileSignature], { description: 'Everyone who signed this version, in order.' })
  signatures: CaseFileSignature[];
}

@ObjectType({ description: 'The pact of a case file and its published versions.' })
export class CaseFilePact extends Pact {
  @Field(() => [CaseFileVersion], { description: 'Published versions, oldest first.' })
  versions: CaseFileVersion[];
}

@ObjectType({ description: 'A finding in a case file, with the authority’s answers.' })
export class CaseFileFinding extends Finding {
  @Field(() => [FindingResponse], { description: "The authority's answers, oldest first." })
  responses: FindingResponse[];
}

@ObjectType({ description: 'A red flag the monitor confirmed: which indicator, and when. Its evidence stays with the monitor and the implementer.' })
export class ConfirmedRedFlag {
  @Field(() => ID)
  id: string;

  @Field({ description: "The indicator's code, for example R036 (lowest bid disqualified)." })
  code: string;

  @Field(() => RedFlagStatus)
  status: RedFlagStatus;

  @Field({ description: 'When the indicator was last computed from the procurement’s data.' })
  computedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the monitor confirmed it.' })
  decidedAt: Date | null;
}

@ObjectType({
  description:
    'A procurement with its stage history, pact, versions, signatures and findings, read in one statement and filtered by the same rules as every other read.',
})
export class CaseFile extends Procurement {
  @Field(() => Organisation)
  authority: Organisation;

  @Field(() => [StageTransition], { description: 'Every stage change, oldest first.' })
  stageHistory: StageTransition[];

  @Field(() => CaseFilePact, { nullable: true, description: 'Null until the authority starts the pact.' })
  pact: CaseFilePact | null;

  @Field(() => [CaseFileFinding], { description: 'The findings you may see, newest first; bidders and the public see only public ones.' })
  findings: CaseFileFinding[];

  @Field(() => [PublishedReport], { description: 'The monitoring reports published on this procurement, newest first.' })
  publishedReports: PublishedReport[];

  @Field(() => [ConfirmedRedFlag], { description: 'The red flags the monitor confirmed, by code; the public sees them once the pact is published.' })
  confirmedRedFlags: ConfirmedRedFlag[];

  @Field(() => [StageSignOff], {
    description: "The monitor's sign-offs and objections in stage order; bidders and the public see those a published report includes.",
  })
  stageSignOffs: StageSignOff[];

  @Field(() => ProcurementComplaintFigures, { description: 'The complaints about this procurement, small counts withheld as in the public statistics.' })
  complaintFigures: ProcurementComplaintFigures;
}
