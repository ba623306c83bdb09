import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Area } from './area.entity.js';
import { ComplaintEventKind } from './complaint-event.entity.js';
import { ComplaintChannel, ComplaintStatus } from './complaint.entity.js';
import { ComplaintSector } from './complaint-sector.entity.js';
import { ComplaintType } from './complaint-type.entity.js';

@ObjectType({ description: 'What the complainant gets back: keep the tracking number and the secret, which proves it is you.' })
export class LodgedComplaint {
  @Field({ description: 'PW-XXXX-XXXX-X.' })
  trackingNumber: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Only now (and by SMS or email where a contact was given): it is stored hashed and cannot be shown again. Needed to add information, rate, or follow an anonymous complaint.',
  })
  secret: string | null;

  @Field(() => ComplaintStatus)
  status: ComplaintStatus;

  @Field({ description: 'Where the printable receipt downloads (PDF). Add `?secret=` to print the secret on it (required for an anonymous complaint).' })
  receiptUrl: string;
}

@ObjectType({ description: 'A step of the complaint as its complainant sees it.' })
export class ComplaintHistoryStep {
  @Field(() => ComplaintEventKind)
  kind: ComplaintEventKind;

  @Field(() => ComplaintStatus)
  status: ComplaintStatus;

  @Field()
  occurredAt: Date;
}

@ObjectType({ description: 'Where a complaint stands, as anyone holding its tracking number may see it: never who complained or what they wrote.' })
export class ComplaintStatusView {
  @Field()
  trackingNumber: string;

  @Field(() => ComplaintStatus)
  status: ComplaintStatus;

  @Field(() => ComplaintChannel)
  channel: ComplaintChannel;

  @Field()
  lodgedAt: Date;

  @Field(() => ComplaintSector, { nullable: true, description: 'Null until a complaint sent as free text is classified.' })
  sector: ComplaintSector | null;

  @Field(() => ComplaintType, { nullable: true })
  type: ComplaintType | null;

  @Field(() => Area, { nullable: true })
  area: Area | null;

  @Field(() => String, { nullable: true, description: 'The organisation the complaint is referred to.' })
  handledBy: string | null;

  @Field(() => String, { nullable: true })
  rejectionReason: string | null;

  @Field(() => String, { nullable: true, description: 'The complaint this one was merged into, as a duplicate: follow that one.' })
  mergedInto: string | null;

  @Field(() => Int, { nullable: true })
  rating: number | null;

  @Field(() => [ComplaintHistoryStep])
  history: ComplaintHistoryStep[];
}
