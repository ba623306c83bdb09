import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/**
 * Shows the caller is the complainant: the tracking number and the complaint's secret. Never a
 * phone number or email address, which staff who see tracking numbers could guess and test.
 */
@InputType({ isAbstract: true })
export class ComplainantProof {
  @Field({ description: 'As on the receipt; any case, dashes optional.' })
  @IsString()
  @Length(1, 40)
  trackingNumber: string;

  @Field({ description: 'The secret given when the complaint was lodged (on the web, on the receipt, or by SMS or email); any case, dashes optional.' })
  @IsString()
  @Length(1, 64)
  secret: string;
}

@InputType({ description: 'More information from the complainant.' })
export class AddComplaintInformationInput extends ComplainantProof {
  @Field()
  @IsString()
  @Length(1, 5000)
  information: string;
}

@InputType({ description: "The complainant's rating of how a resolved complaint was handled." })
export class RateComplaintInput extends ComplainantProof {
  @Field(() => Int, { description: '1 (poor) to 5 (very good).' })
  @IsInt()
  @Min(1, { message: 'rating must be from 1 to 5' })
  @Max(5, { message: 'rating must be from 1 to 5' })
  rating: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}
