import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from '../accounts/user.entity.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { Organisation } from '../accounts/organisation.entity.js';

export enum SigningParty {
  AUTHORITY = 'AUTHORITY',
  BIDDER = 'BIDDER',
}
registerEnumType(SigningParty, { name: 'SigningParty' });

/**
 * One organisation's signature on one published pact version, countersigned by the platform.
 * Insert-only (database trigger): the record is evidence, and evidence is never edited.
 */
@ObjectType({ description: 'A signature on a published pact version, countersigned by the platform (Ed25519).' })
@Entity('signatures')
@Unique('signatures_version_organisation_key', ['pactVersionId', 'organisationId'])
export class Signature {
  @Field(() => ID, { description: 'The record id printed on the signature page.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => PactVersion)
  @Field(() => ID)
  @Column('uuid')
  pactVersionId: string;

  @Field({ description: 'The content hash of the signed version, bound into the record.' })
  @Column({ type: 'char', length: 64 })
  versionHash: string;

  @ForeignKey(() => Organisation)
  @Field(() => ID)
  @Index('signatures_organisation_id_idx')
  @Column('uuid')
  organisationId: string;

  @Field()
  @Column()
  organisationName: string;

  @Field(() => SigningParty)
  @Column({ type: 'enum', enum: SigningParty, enumName: 'signing_party' })
  party: SigningParty;

  @ForeignKey(() => User)
  @Field(() => ID)
  @Column('uuid')
  signerUserId: string;

  @Field()
  @Column()
  signerName: string;

  @Field()
  @Column()
  signerTitle: string;

  @Field()
  @Column('text')
  consentStatement: string;

  @Field()
  @Column({ type: 'timestamptz' })
  signedAt: Date;

  @Field({ description: 'Canonical JSON (RFC 8785) of the record: exactly the bytes the platform signed.' })
  @Column('text')
  payload: string;

  @Field({ description: "Base64 Ed25519 signature of `payload` by the platform's key." })
  @Column('text')
  platformSignature: string;

  @Field({ description: 'SHA-256 fingerprint of the public key that countersigned.' })
  @Column()
  keyId: string;
}
