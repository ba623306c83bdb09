import { Field, ObjectType } from '@nestjs/graphql';
import { Area } from './area.entity.js';
import { ComplaintChannel, ComplaintStatus } from './complaint.entity.js';
import { ComplaintSector } from './complaint-sector.entity.js';
import { ComplaintType } from './complaint-type.entity.js';

@ObjectType({ description: 'What the complainant gets back: keep the tracking number, and the secret of an anonymous complaint.' })
export class LodgedComplaint {
  @Field({ description: 'PW-XXXX-XXXX-X.' })
  trackingNumber: string;

  @Field(() => String, { nullable: true, description: 'Only for an anonymous complaint, and only now: it is stored hashed and cannot be shown again.' })
  secret: string | null;

  @Field(() => ComplaintStatus)
  status: ComplaintStatus;
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

  @Field(() => ComplaintSector)
  sector: ComplaintSector;

  @Field(() => ComplaintType)
  type: ComplaintType;

  @Field(() => Area)
  area: Area;
}
