import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer } from '../authorization/policy.decorator.js';
import { FIELD_COSTS } from '../graphql/query-cost.js';
import type { Viewer } from '../authorization/viewer.js';
import { RequestLoaders, type Loaders } from '../graphql/loaders.js';
import { PactVersion } from '../pacts/pact-version.entity.js';
import { SignPactInput } from './inputs/sign-pact.input.js';
import { PlatformKey, PlatformKeyService } from '../signing/platform-key.service.js';
import { SignatureVerification } from './signature-verification.js';
import { Signature } from './signature.entity.js';
import { SignaturesService } from './signatures.service.js';

@Resolver(() => Signature)
export class SignaturesResolver {
  constructor(
    private readonly signatures: SignaturesService,
    private readonly key: PlatformKeyService,
  ) {}

  @Allow('sign', 'Signature')
  @Mutation(() => Signature, { description: 'Signs a published version for your organisation; signing again returns the same record.' })
  signPact(@CurrentViewer() viewer: Viewer, @Args('input') input: SignPactInput): Promise<Signature> {
    return this.signatures.sign(viewer, input);
  }

  @Allow('read', 'Signature')
  @Query(() => Signature)
  signature(@Args('id', { type: () => ID }) id: string): Promise<Signature> {
    return this.signatures.get(id);
  }

  @Allow('read', 'Signature')
  @Query(() => SignatureVerification, {
    description: 'Checks a stored signature record: countersignature, fields and the hash of the signed text.',
    complexity: FIELD_COSTS.verification,
  })
  async verifySignature(@Args('id', { type: () => ID }) id: string): Promise<SignatureVerification> {
    const { record, checks } = await this.signatures.verify(id);
    return { valid: checks.every((c) => c.passed), checks, record };
  }

  @Allow('read', 'Signature')
  @Query(() => SignatureVerification, { description: 'Checks a payload and countersignature kept outside the platform.', complexity: FIELD_COSTS.verification })
  verifySignaturePayload(@Args('payload') payload: string, @Args('platformSignature') platformSignature: string): SignatureVerification {
    const checks = this.signatures.verifyPayload(payload, platformSignature);
    return { valid: checks.every((c) => c.passed), checks, record: null };
  }

  @Allow('read', 'Signature')
  @ResolveField(() => Boolean, { description: 'True once a later version of the pact is published: this signature no longer binds.' })
  async superseded(@Parent() signature: Signature, @RequestLoaders() loaders: Loaders): Promise<boolean> {
    const superseded = await loaders
      .get('supersededVersion', (ids: readonly string[]) => this.signatures.supersededVersions(ids))
      .load(signature.pactVersionId);
    return superseded ?? false;
  }

  @Allow('read', 'Signature')
  @Query(() => PlatformKey, { description: 'Also served as PEM at /.well-known/pactwatch-signing-key.pem.' })
  platformSigningKey(): PlatformKey {
    return this.key.description;
  }
}

@Resolver(() => PactVersion)
export class PactVersionSignaturesResolver {
  constructor(private readonly signatures: SignaturesService) {}

  @Allow('read', 'Signature')
  @ResolveField('signatures', () => [Signature], { description: 'Everyone who signed this version, in order.' })
  async signaturesOf(@Parent() version: PactVersion, @RequestLoaders() loaders: Loaders): Promise<Signature[]> {
    return (await signaturesLoader(loaders, this.signatures).load(version.id)) ?? [];
  }
}

export function signaturesLoader(loaders: Loaders, signatures: SignaturesService) {
  return loaders.get<string, Signature[]>('signaturesByVersion', (ids) => signatures.signaturesOfVersions(ids));
}
