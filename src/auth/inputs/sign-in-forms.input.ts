import { IsEmail, IsOptional, IsString, Length, MaxLength, registerDecorator, type ValidationArguments } from 'class-validator';

/** The /login form. The return path rides along hidden; it is checked by safeReturnPath, not trusted. */
export class SignInForm {
  @MaxLength(254, { message: 'signIn.error.email' })
  @IsEmail({}, { message: 'signIn.error.email' })
  email: string;

  @Length(1, 200, { message: 'signIn.error.password' })
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}

/** The field must repeat another one exactly (a new password typed twice). */
function SameAs(other: string, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'sameAs',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: { validate: (value: unknown, args: ValidationArguments) => value === (args.object as Record<string, unknown>)[other] },
    });
}

/** /account's password form: the current password, and the new one twice. */
export class ChangePasswordForm {
  @Length(1, 200, { message: 'account.error.currentPassword' })
  currentPassword: string;

  // Long rather than clever (NIST SP 800-63B): at least 12 characters, any characters.
  @Length(12, 200, { message: 'account.error.newPassword' })
  newPassword: string;

  @SameAs('newPassword', 'account.error.confirmPassword')
  confirmPassword: string;
}

/** An administrator's form to sign a user out everywhere: the account's email. */
export class RevokeSessionsForm {
  @MaxLength(254, { message: 'signIn.error.revokeEmail' })
  @IsEmail({}, { message: 'signIn.error.revokeEmail' })
  email: string;
}
