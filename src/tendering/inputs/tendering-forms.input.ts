import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { EmptyIsAbsent } from '../../web/web-forms.js';

/*
 * The authority's tendering forms on one page: each field has a name of its own across the page
 * (bidAmount, awardAmount…), so a message beside one field is never shown beside another.
 */
const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;

export class RecordBidForm {
  @IsUUID('all', { message: 'authority.tendering.error.bidderId' })
  bidderId: string;

  @Matches(AMOUNT, { message: 'authority.tendering.error.amount' })
  bidAmount: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CURRENCY, { message: 'authority.create.error.currency' })
  bidCurrency?: string;

  @Type(() => Date)
  @IsDate({ message: 'authority.tendering.error.date' })
  receivedAt: Date;
}

export class DisqualifyBidForm {
  @IsUUID('all', { message: 'authority.tendering.error.bidId' })
  bidId: string;

  @IsString({ message: 'authority.tendering.error.reason' })
  @Length(3, 2000, { message: 'authority.tendering.error.reason' })
  reason: string;
}

export class RecordAwardForm {
  @IsUUID('all', { message: 'authority.tendering.error.supplierId' })
  supplierId: string;

  @Matches(AMOUNT, { message: 'authority.tendering.error.amount' })
  awardAmount: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(CURRENCY, { message: 'authority.create.error.currency' })
  awardCurrency?: string;

  @Type(() => Date)
  @IsDate({ message: 'authority.tendering.error.date' })
  awardedAt: Date;
}

export class RecordContractForm {
  @IsUUID('all', { message: 'authority.tendering.error.awardId' })
  awardId: string;

  @Matches(AMOUNT, { message: 'authority.tendering.error.amount' })
  contractValue: string;

  @Type(() => Date)
  @IsDate({ message: 'authority.tendering.error.date' })
  signedAt: Date;
}

export class AmendContractForm {
  @IsUUID('all', { message: 'authority.tendering.error.contractId' })
  contractId: string;

  @Type(() => Date)
  @IsDate({ message: 'authority.tendering.error.date' })
  amendedAt: Date;

  @IsString({ message: 'authority.tendering.error.amendDescription' })
  @Length(3, 5000, { message: 'authority.tendering.error.amendDescription' })
  amendDescription: string;

  @Matches(AMOUNT, { message: 'authority.tendering.error.amount' })
  newValue: string;
}
