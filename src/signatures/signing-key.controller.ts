import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFile } from '../openapi/api-responses.js';
import { Public } from '../authorization/policy.decorator.js';
import { PlatformKeyService } from '../signing/platform-key.service.js';

@ApiTags('verification')
@Controller()
export class SigningKeyController {
  constructor(private readonly key: PlatformKeyService) {}

  /** Published so anyone can verify signature records offline with openssl. */
  @Public()
  @Get('.well-known/pactwatch-signing-key.pem')
  @ApiOperation({ summary: 'The platform’s public Ed25519 key (PEM), to verify signature records offline' })
  @ApiFile('application/x-pem-file', 'SubjectPublicKeyInfo, PEM')
  @Header('content-type', 'application/x-pem-file')
  publicKey(): string {
    return this.key.description.publicKeyPem;
  }
}
