import { Field, ObjectType } from '@nestjs/graphql';
import { Organisation } from '../accounts/organisation.entity.js';
import { FindingResponse } from '../findings/finding-response.entity.js';
import { Finding } from '../findings/finding.entity.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Pact } from '../pacts/pact.entity.js';
import { StageTransition } from '../procurements/stage-transition.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { PublishedReport } from '../reports/published-report.entity.js';
import { Signature } from '../signatures/signature.entity.js';

/*
 * The case file is a read model: the same fields as the entities it is made of, with its
 * relations as plain fields, so one compiled statement fills the whole selection and no field
 * resolver (and no loader) runs below it. Only Signature.superseded still has its own resolver.
 */

@ObjectType({ description: 'A published version in a case file, with who signed it.' })
export class CaseFileVersion extends PactVersion {
  @Field({ description: 'True once a later version is published; its signatures no longer bind.' })
  superseded: boolean;

  @Field(() => [Signature], { description: 'Everyone who signed this version, in order.' })
  signatures: Signature[];
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
}
