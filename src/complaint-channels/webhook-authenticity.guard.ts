import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { DomainError } from '../errors/domain-error.js';
import { MessageGateway } from './inbound-message.entity.js';
import { twilioSignatureValid } from './twilio-signature.js';

const GATEWAY = 'pactwatch:webhook-gateway';

/** Names the gateway whose signature or shared secret a webhook route requires. */
export const SignedBy = (gateway: MessageGateway) => SetMetadata(GATEWAY, gateway);

const unsigned = (why: string) => new DomainError('UNAUTHENTICATED', 'WEBHOOK_NOT_SIGNED', why);

/**
 * Checks who is calling before anything reads the body: guards run before the validation pipe,
 * so an unsigned caller learns nothing about what a valid message looks like.
 */
@Injectable()
export class WebhookAuthenticityGuard implements CanActivate {
  private readonly expectedDigests = new Map<string, Buffer>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const gateway = this.reflector.get<MessageGateway | undefined>(GATEWAY, context.getHandler());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { africasTalkingSecret, emailSecret } = this.config.webhooks;
    if (gateway === MessageGateway.TWILIO) this.requireTwilioSignature(request);
    else if (gateway === MessageGateway.AFRICASTALKING) this.requireSecret(africasTalkingSecret, request, 'AFRICASTALKING_WEBHOOK_SECRET');
    else if (gateway === MessageGateway.EMAIL) this.requireSecret(emailSecret, request, 'EMAIL_WEBHOOK_SECRET');
    else throw new Error('a webhook route names no gateway with @SignedBy');
    return true;
  }

  private requireTwilioSignature(request: FastifyRequest): void {
    const token = this.config.webhooks.twilioAuthToken;
    if (!token) return this.refuseUnconfiguredInProduction('TWILIO_AUTH_TOKEN');
    const url = `${this.config.webhooks.publicUrl ?? `${request.protocol}://${request.host}`}${request.url}`;
    const signature = request.headers['x-twilio-signature'];
    const params = isPlainObject(request.body) ? (request.body as Record<string, string>) : {};
    if (!twilioSignatureValid(token, url, params, typeof signature === 'string' ? signature : undefined)) {
      throw unsigned('X-Twilio-Signature is missing or does not match this request and the configured TWILIO_AUTH_TOKEN');
    }
  }

  /** The shared secret, as the `secret` query parameter or the X-Webhook-Secret header. */
  private requireSecret(expected: string | undefined, request: FastifyRequest, variable: string): void {
    if (!expected) return this.refuseUnconfiguredInProduction(variable);
    const header = request.headers['x-webhook-secret'];
    const query = (request.query ?? {}) as Record<string, unknown>;
    const given = typeof header === 'string' ? header : typeof query.secret === 'string' ? query.secret : undefined;
    if (!given || !this.sameSecret(given, expected))
      throw unsigned(`the webhook secret (X-Webhook-Secret header or ?secret=) is missing or wrong; see ${variable}`);
  }

  /** Both sides hashed to one length, so the comparison takes the same time whatever was sent; the configured side once. */
  private sameSecret(given: string, expected: string): boolean {
    let digest = this.expectedDigests.get(expected);
    if (!digest) this.expectedDigests.set(expected, (digest = sha256(expected)));
    return timingSafeEqual(sha256(given), digest);
  }

  /** Out of the box the webhooks take unsigned test messages; in production a gateway must be configured. */
  private refuseUnconfiguredInProduction(variable: string): void {
    if (this.config.mode === 'production')
      throw new DomainError('FORBIDDEN', 'WEBHOOK_NOT_CONFIGURED', `Set ${variable} to receive messages from this gateway`);
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
