import { Equals } from 'class-validator';

/** The authority signs with an explicit confirmation that it binds itself to this exact version. */
export class AuthoritySignatureForm {
  @Equals('yes', { message: 'authority.sign.error.confirm' })
  confirm: string;
}
