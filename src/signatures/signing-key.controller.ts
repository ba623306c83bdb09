import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../authorization/policy.decorator.js';
import { PlatformKeyService } from './platform-key.service.js';

@Controller()
export class SigningKeyController {
  constructor(private readonly key: PlatformKeyService) {}

  /** Published so anyone can verify signature records offline with openssl. */
  @Public()
  @Get('.well-known/pactwatch-signing-key.pem')
  @Header('content-type', 'application/x-pem-file')
  publicKey(): string {
    return this.key.description.publicKeyPem;
  }
}
