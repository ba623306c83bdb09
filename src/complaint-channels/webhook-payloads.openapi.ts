/** The webhook bodies as OpenAPI schemas, field for field with the classes in `webhook-payloads.ts`. */

export const AFRICASTALKING_SMS_SCHEMA = {
  type: 'object',
  required: ['from', 'text', 'id'],
  properties: {
    from: { type: 'string', description: 'Sender, international form', example: '+254711222333' },
    to: { type: 'string', description: 'The short code', example: '40404' },
    text: { type: 'string', maxLength: 20000, description: 'Message text; may be empty' },
    date: { type: 'string', example: '2026-11-26 08:15:02' },
    id: { type: 'string', minLength: 1, maxLength: 200, description: 'The gateway’s message id; a retried delivery is answered once' },
    linkId: { type: 'string' },
  },
};

export const TWILIO_SMS_SCHEMA = {
  type: 'object',
  required: ['MessageSid', 'From', 'Body'],
  description: 'The fields read of what Twilio posts; Twilio sends more, all covered by X-Twilio-Signature.',
  properties: {
    MessageSid: { type: 'string', pattern: '^(SM|MM)[0-9a-fA-F]{32}$' },
    From: { type: 'string', example: '+254711222333' },
    To: { type: 'string' },
    Body: { type: 'string', maxLength: 20000 },
  },
};

export const INBOUND_EMAIL_SCHEMA = {
  type: 'object',
  required: ['from', 'text'],
  properties: {
    from: { type: 'string', description: 'An address, or a name and an <address>', example: 'Akinyi Ekai <akinyi@example.org>' },
    subject: { type: 'string', maxLength: 998 },
    text: { type: 'string', maxLength: 100000, description: 'Plain-text body; may be empty' },
    messageId: { type: 'string', maxLength: 200, description: 'The mail’s Message-ID, to answer a retried delivery once' },
  },
};

export const INBOUND_ANSWER_SCHEMA = {
  type: 'object',
  properties: { trackingNumber: { type: 'string', nullable: true, example: 'PW-2611-4HQ7-XK' }, outcome: { type: 'string' } },
};
