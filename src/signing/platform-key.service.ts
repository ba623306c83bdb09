import { Inject, Injectable } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';

@ObjectType({ description: "The platform's countersigning key; anyone can check a signature record with it." })
export class PlatformKey {
  @Field()
  algorithm: string;

  @Field({ description: 'SHA-256 of the DER public key, hex; signature records name it.' })
  keyId: string;

  @Field()
  publicKeyPem: string;
}

/** The Ed25519 key the platform countersigns every signature record and every audit log checkpoint with. */
@Injectable()
export class PlatformKeyService {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly description: PlatformKey;

  constructor(@Inject(APP_CONFIG) config: ResolvedConfig) {
    try {
      this.privateKey = createPrivateKey({ key: Buffer.from(config.signingKey, 'base64'), format: 'der', type: 'pkcs8' });
    } catch {
      throw new Error('SIGNING_KEY is not a base64 PKCS#8 DER Ed25519 private key (see README, "Configuration")');
    }
    if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('SIGNING_KEY must be an Ed25519 key');
    this.publicKey = createPublicKey(this.privateKey);
    this.description = {
      algorithm: 'Ed25519',
      keyId: createHash('sha256')
        .update(this.publicKey.export({ format: 'der', type: 'spki' }))
        .digest('hex'),
      publicKeyPem: this.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }

  sign(payload: string): string {
    return this.signBytes(Buffer.from(payload, 'utf8')).toString('base64');
  }

  signBytes(message: Buffer): Buffer {
    return sign(null, message, this.privateKey);
  }

  /** The 32 raw bytes of the public key, as signed notes identify it. */
  get rawPublicKey(): Buffer {
    return Buffer.from(this.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  }

  verify(payload: string, signatureBase64: string): boolean {
    try {
      return verify(null, Buffer.from(payload, 'utf8'), this.publicKey, Buffer.from(signatureBase64, 'base64'));
    } catch {
      return false;
    }
  }
}
