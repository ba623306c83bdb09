import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

/** The first administrator of a production install, given by the operator on the command line. */
export class CreatePlatformAdministratorInput {
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @IsString()
  @Length(2, 200, { message: 'name must be 2 to 200 characters' })
  name: string;

  @IsString()
  @Length(12, 200, { message: 'the password must be 12 to 200 characters' })
  password: string;
}
