import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '../authorization/policy.decorator.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import { DocumentVerification } from './document-verification.js';
import { PublicRecordService } from './public-record.service.js';

@Resolver()
export class PublicRecordResolver {
  constructor(private readonly publicRecord: PublicRecordService) {}

  @Allow('read', 'PactVersion')
  @Query(() => DocumentVerification, {
    description: 'Which published pact version or monitoring report has this SHA-256 content hash, if any. For files, POST them to /verify-document.',
    complexity: FIELD_COSTS.verification,
  })
  verifyDocument(@Args('sha256') sha256: string): Promise<DocumentVerification> {
    return this.publicRecord.verifyHash(sha256);
  }
}
