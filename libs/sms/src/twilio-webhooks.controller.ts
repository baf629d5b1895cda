import { Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { Public } from '@homegroup/operations';
import { SMS_STATUS_RANK, type SmsStatus } from './entities/sms-message.entity';
import { messagingTwiml, SmsInboundService } from './sms-inbound.service';
import { SmsMessagesRepository } from './sms-messages.repository';
import { SmsStatusRegistry, SmsVoiceRegistry } from './sms-registries';
import { TWILIO_WEBHOOK_PATHS } from './sms.service';
import { TwilioWebhookVerifier, type WebhookParams } from './twilio-webhook-verifier';

const TWIML = 'text/xml; charset=utf-8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const signature = ApiHeader({
  name: 'X-Twilio-Signature',
  required: true,
  description: 'Twilio’s signature of PUBLIC_URL + path + query and the form parameters (HMAC with the auth token)',
});
const twimlAnswer = ApiOkResponse({
  description: 'TwiML',
  content: { 'text/xml': { schema: { type: 'string', example: '<?xml version="1.0" encoding="UTF-8"?><Response/>' } } },
});
const refused = ApiForbiddenResponse({
  description: 'Not signed by Twilio, signed for another URL or parameters, or a replay of a request already taken',
});
const formBody = ApiBody({
  description: 'Twilio’s form parameters (From, Body, MessageSid, MessageStatus, CallSid, Digits, …)',
  schema: { type: 'object', additionalProperties: { type: 'string' } },
});

/**
 * Twilio's webhooks (ADR 0044): public routes outside member auth, each request checked by its signature and
 * refused as a replay when it was already taken. Bodies are form-encoded (registerTwilioFormParser); answers are
 * TwiML. Nothing here logs a number or a text.
 */
@ApiTags('webhooks')
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly verifier: TwilioWebhookVerifier,
    private readonly inbound: SmsInboundService,
    private readonly repository: SmsMessagesRepository,
    private readonly statuses: SmsStatusRegistry,
    private readonly voices: SmsVoiceRegistry,
  ) {}

  @Post('sms')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', TWIML)
  @ApiOperation({ summary: 'Twilio: an inbound text (STOP/START/HELP, or a reply for the registered handlers)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/xml')
  @formBody
  @signature
  @twimlAnswer
  @refused
  async sms(@Req() request: FastifyRequest): Promise<string> {
    const params = await this.verified(request);
    const outcome = await this.inbound.handle(text(params.From), text(params.Body));
    return messagingTwiml(outcome.reply);
  }

  @Post('status')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', TWIML)
  @ApiOperation({ summary: 'Twilio: a text’s or call’s status moved (statuses only move forward)' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/xml')
  @formBody
  @signature
  @twimlAnswer
  @refused
  async status(@Req() request: FastifyRequest): Promise<string> {
    const params = await this.verified(request);
    const sid = text(params.MessageSid) || text(params.CallSid);
    const status = (text(params.MessageStatus) || text(params.CallStatus)).toLowerCase();
    const code = Number.parseInt(text(params.ErrorCode), 10);
    if (sid && status in SMS_STATUS_RANK) {
      const change = await this.repository.advance(sid, status as SmsStatus, Number.isFinite(code) ? code : null);
      if (change) {
        await this.statuses.notify({
          messageId: change.messageId,
          kind: change.kind,
          ref: change.refKind && change.refId ? { kind: change.refKind, id: change.refId } : null,
          status: change.status,
          errorCode: change.errorCode,
        });
      }
    }
    return new twilio.twiml.MessagingResponse().toString();
  }

  @Post('voice')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', TWIML)
  @ApiOperation({ summary: 'Twilio: a call’s instructions, and the key pressed in its Gather' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/xml')
  @ApiQuery({ name: 'ref', required: false, type: String, description: 'The call’s opaque reference, set by the server' })
  @signature
  @twimlAnswer
  @refused
  async voice(@Req() request: FastifyRequest): Promise<string> {
    const params = await this.verified(request);
    const ref = new URL(request.url, 'http://x').searchParams.get('ref') ?? '';
    const call = UUID.test(ref) ? await this.repository.callRef(ref) : null;
    const handler = call ? this.voices.handlerFor(call.refKind) : undefined;
    if (!call || !handler) return hangUp();
    const digits = text(params.Digits);
    return handler({
      ref: { kind: call.refKind, id: call.refId },
      messageId: ref,
      callSid: text(params.CallSid) || null,
      digits: /^[0-9*#]{1,20}$/.test(digits) ? digits : null,
      actionUrl: this.verifier.signedUrl(`${TWILIO_WEBHOOK_PATHS.voice}?ref=${ref}`) ?? `${TWILIO_WEBHOOK_PATHS.voice}?ref=${ref}`,
    });
  }

  private async verified(request: FastifyRequest): Promise<WebhookParams> {
    const params = isParams(request.body) ? request.body : {};
    await this.verifier.verify(request.url, request.headers, params);
    return params;
  }
}

function isParams(body: unknown): body is WebhookParams {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[value.length - 1] ?? '') : '';
}

function hangUp(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}
