import { Module } from '@nestjs/common';
import { AppConfig } from '@homegroup/config';
import { DevMessagesController } from './dev-messages.controller';
import { LogProvider } from './log.provider';
import { SmsInboundService } from './sms-inbound.service';
import { SmsMessagesRepository } from './sms-messages.repository';
import { SmsProvider } from './sms-provider';
import { SmsInboundRegistry, SmsOptOutRegistry, SmsStatusRegistry, SmsVoiceRegistry } from './sms-registries';
import { SmsService } from './sms.service';
import { TwilioProvider } from './twilio.provider';
import { TwilioWebhookVerifier } from './twilio-webhook-verifier';
import { TwilioWebhooksController } from './twilio-webhooks.controller';

/**
 * Texts and calls (ADR 0044): SmsService sends; features register reply handlers, opt-out and status listeners
 * and voice handlers in the registries (from their onModuleInit). The provider is chosen by SMS_PROVIDER.
 */
@Module({
  controllers: [TwilioWebhooksController, DevMessagesController],
  providers: [
    {
      provide: SmsProvider,
      inject: [AppConfig],
      useFactory: (config: AppConfig): SmsProvider =>
        config.sms.provider === 'twilio' && config.sms.twilio ? new TwilioProvider(config.sms.twilio) : new LogProvider(),
    },
    SmsMessagesRepository,
    SmsService,
    SmsInboundService,
    SmsInboundRegistry,
    SmsOptOutRegistry,
    SmsStatusRegistry,
    SmsVoiceRegistry,
    TwilioWebhookVerifier,
  ],
  exports: [SmsService, SmsProvider, SmsInboundRegistry, SmsOptOutRegistry, SmsStatusRegistry, SmsVoiceRegistry],
})
export class SmsModule {}
