import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { PublishedReport } from '../reports/published-report.entity.js';

export enum DocumentKind {
  PACT_VERSION = 'PACT_VERSION',
  MONITORING_REPORT = 'MONITORING_REPORT',
}
registerEnumType(DocumentKind, { name: 'DocumentKind' });

@ObjectType({ description: 'What the platform knows about a document identified by its SHA-256.' })
export class DocumentVerification {
  @Field({ description: 'True when the hash is the content hash of a published pact version or monitoring report.' })
  known: boolean;

  @Field({ description: 'The SHA-256 that was looked up.' })
  sha256: string;

  @Field(() => DocumentKind, { nullable: true })
  kind: DocumentKind | null;

  @Field(() => PactVersion, { nullable: true })
  pactVersion: PactVersion | null;

  @Field(() => PublishedReport, { nullable: true })
  publishedReport: PublishedReport | null;

  @Field({ description: 'A sentence saying what the document is, for people.' })
  explanation: string;

  /** The reference of the procurement the document belongs to, for the website's own sentence in the visitor's language. */
  procurementReference?: string;

  /** Set when a PDF names a published document's hash but differs from it: the hash it claims. */
  alteredCopyOf?: string;
}
