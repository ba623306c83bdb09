import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJson } from '../openapi/api-responses.js';
import { WEBHOOK_SECRET_SCHEME } from '../openapi/openapi-document.js';
import { AFRICASTALKING_SMS_SCHEMA, INBOUND_ANSWER_SCHEMA, INBOUND_EMAIL_SCHEMA, TWILIO_SMS_SCHEMA } from './webhook-payloads.openapi.js';
import { isEmail } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { Public } from '../authorization/policy.decorator.js';
import { invalidField } from '../errors/domain-error.js';
import { MessageGateway } from './inbound-message.entity.js';
import { InboundMessagesService, type InboundAnswer } from './inbound-messages.service.js';
import { SignedBy, WebhookAuthenticityGuard } from './webhook-authenticity.guard.js';
import { AfricasTalkingSms, InboundEmail, TwilioSms, splitSender } from './webhook-payloads.js';

/** Twilio needs TwiML back; replies go out through the outbox, so the answer says nothing more. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Where SMS gateways and the mail service deliver messages from the public. Public routes:
 * each checks its gateway's signature or shared secret instead of a login, before the body is validated.
 */
@ApiTags('webhooks')
@Controller('webhooks')
@UseGuards(WebhookAuthenticityGuard)
export class WebhooksController {
  constructor(private readonly inbound: InboundMessagesService) {}

  @Public()
  @SignedBy(MessageGateway.AFRICASTALKING)
  @Post('sms/africastalking')
  @ApiOperation({
    summary: 'An SMS to the short code, from Africa’s Talking',
    description: 'Lodges a complaint or answers a STATUS request; the reply goes out by SMS.',
  })
  @ApiSecurity(WEBHOOK_SECRET_SCHEME)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: AFRICASTALKING_SMS_SCHEMA })
  @ApiJson(200, 'What was done with the message', INBOUND_ANSWER_SCHEMA)
  @ApiErrors(400, 401, 403)
  @HttpCode(200)
  africasTalking(@Body() sms: AfricasTalkingSms): Promise<InboundAnswer> {
    return this.inbound.receive({ gateway: MessageGateway.AFRICASTALKING, messageId: sms.id, from: withPlus(sms.from), senderName: null, text: sms.text });
  }

  @Public()
  @SignedBy(MessageGateway.TWILIO)
  @Post('sms/twilio')
  @ApiOperation({
    summary: 'An SMS to the number, from Twilio',
    description: 'Signed with X-Twilio-Signature (TWILIO_AUTH_TOKEN); answers empty TwiML, the reply goes out by SMS.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ schema: TWILIO_SMS_SCHEMA })
  @ApiProduces('text/xml')
  @ApiResponse({ status: 200, description: 'Empty TwiML', content: { 'text/xml': { schema: { type: 'string' } } } })
  @ApiErrors(400, 401, 403)
  @HttpCode(200)
  async twilio(@Res({ passthrough: true }) reply: FastifyReply, @Body() sms: TwilioSms): Promise<string> {
    await this.inbound.receive({ gateway: MessageGateway.TWILIO, messageId: sms.MessageSid, from: withPlus(sms.From), senderName: null, text: sms.Body });
    // Set here rather than by decorator, so that a refusal still answers in JSON.
    reply.header('content-type', 'text/xml; charset=utf-8');
    return EMPTY_TWIML;
  }

  @Public()
  @SignedBy(MessageGateway.EMAIL)
  @Post('email')
  @ApiOperation({ summary: 'An email to the complaints address, from the mail service' })
  @ApiSecurity(WEBHOOK_SECRET_SCHEME)
  @ApiBody({ schema: INBOUND_EMAIL_SCHEMA })
  @ApiJson(200, 'What was done with the message', INBOUND_ANSWER_SCHEMA)
  @ApiErrors(400, 401, 403)
  @HttpCode(200)
  email(@Body() email: InboundEmail): Promise<InboundAnswer> {
    const sender = splitSender(email.from);
    if (!isEmail(sender.email)) throw invalidField('from', 'from must contain the sender’s email address');
    const text = [email.subject?.trim(), email.text.trim()].filter(Boolean).join('\n\n');
    // Without the mail's own id, the same content from the same sender is the same delivery.
    const messageId =
      email.messageId ??
      createHash('sha256')
        .update(JSON.stringify([email.from, email.subject ?? '', email.text]))
        .digest('hex');
    return this.inbound.receive({ gateway: MessageGateway.EMAIL, messageId, from: sender.email, senderName: sender.name, text });
  }
}

/** Gateways differ on the leading +; complaints store numbers in international form with it. */
function withPlus(phone: string): string {
  return phone.startsWith('+') ? phone : `+${phone}`;
}
