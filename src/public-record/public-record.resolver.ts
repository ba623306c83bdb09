import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import type { Viewer } from '../authorization/viewer.js';
import { selectionOf } from '../graphql/selection.js';
import { PageInput, PageType, type Page } from '../pagination/page.js';
import { ProcurementFilterInput } from '../procurements/inputs/procurement-filter.input.js';
import { CaseFile } from './case-file.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import { DocumentVerification } from './document-verification.js';
import { PublicRecordService } from './public-record.service.js';

const CaseFilePage = PageType(CaseFile);

@Resolver()
export class PublicRecordResolver {
  constructor(private readonly publicRecord: PublicRecordService) {}

  @Allow('read', 'Procurement')
  @Query(() => CaseFile, {
    description:
      'A procurement by its reference with its stage history, pact, versions, signatures and findings, in one read; NOT_FOUND if you may not see it.',
  })
  caseFile(@CurrentViewer() viewer: Viewer, @Args('reference') reference: string, @Info() info: GraphQLResolveInfo): Promise<CaseFile> {
    return this.publicRecord.caseFile(viewer, reference, selectionOf(info));
  }

  @Allow('read', 'Procurement')
  @Query(() => CaseFilePage, {
    description: 'The case files you may see, newest first, in one read whatever the page size; without logging in, the public record.',
  })
  caseFiles(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { nullable: true, defaultValue: {} }) filter: ProcurementFilterInput,
    @Args('page', { nullable: true, defaultValue: {} }) page: PageInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<CaseFile>> {
    return this.publicRecord.caseFiles(viewer, filter, page, selectionOf(info));
  }

  @Allow('read', 'PactVersion')
  @Query(() => DocumentVerification, {
    description: 'Which published pact version or monitoring report has this SHA-256 content hash, if any. For files, POST them to /verify-document.',
    complexity: FIELD_COSTS.verification,
  })
  verifyDocument(@Args('sha256') sha256: string): Promise<DocumentVerification> {
    return this.publicRecord.verifyHash(sha256);
  }
}
