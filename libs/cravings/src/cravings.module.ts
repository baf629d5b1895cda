import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@homegroup/identity';
import { NotificationsModule } from '@homegroup/notifications';
import { PhoneListModule } from '@homegroup/phone-list';
import { RealtimeModule } from '@homegroup/realtime';
import { SmsModule } from '@homegroup/sms';
import { SponsorshipModule } from '@homegroup/sponsorship';
import { CravingTextsRepository } from './craving-texts.repository';
import { CravingTextsService } from './craving-texts.service';
import { CravingTextRecipientEntity } from './entities/craving-text-recipient.entity';
import { AlertCircleController } from './alert-circle.controller';
import { AlertCircleService } from './alert-circle.service';
import { CravingBlocksRepository } from './craving-blocks.repository';
import { CravingBlocksService } from './craving-blocks.service';
import { CravingDeliveryService } from './craving-delivery.service';
import { CravingErasureRepository } from './craving-erasure.repository';
import { CravingErasureService } from './craving-erasure.service';
import { CravingEscalationService } from './craving-escalation.service';
import { CravingJobs } from './craving-jobs';
import { CravingVoiceCallService } from './craving-voice-call.service';
import { CravingVoiceCallsRepository } from './craving-voice-calls.repository';
import { CravingRetentionRepository } from './craving-retention.repository';
import { CravingRetentionService } from './craving-retention.service';
import { CravingsController } from './cravings.controller';
import { CravingsGateway } from './cravings.gateway';
import { CravingsRepository } from './cravings.repository';
import { CravingsService } from './cravings.service';
import { DeliveryReceiptsService } from './delivery-receipts.service';
import { CrisisResourcesController } from './crisis-resources.controller';
import { CrisisResourcesService } from './crisis-resources.service';
import { CravingRecipientEntity } from './entities/craving-recipient.entity';
import { CravingReuseWindowEntity } from './entities/craving-reuse-window.entity';
import { CravingEntity } from './entities/craving.entity';
import { CrisisResourceEntity } from './entities/crisis-resource.entity';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { EscalationPolicyController } from './escalation-policy.controller';
import { EscalationPolicyService } from './escalation-policy.service';

/** Craving alerts: the alert circle, raising and acknowledging alerts, the escalation ladder, follow-up, crisis lines. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CravingEntity,
      CravingRecipientEntity,
      CravingTextRecipientEntity,
      CravingReuseWindowEntity,
      EscalationPolicyEntity,
      CrisisResourceEntity,
    ]),
    IdentityModule,
    RealtimeModule,
    NotificationsModule,
    SponsorshipModule,
    PhoneListModule,
    SmsModule,
  ],
  controllers: [
    AlertCircleController,
    CravingsController,
    EscalationPolicyController,
    CrisisResourcesController,
  ],
  providers: [
    AlertCircleService,
    CravingBlocksRepository,
    CravingBlocksService,
    CravingsRepository,
    CravingsService,
    CravingDeliveryService,
    CravingErasureRepository,
    CravingErasureService,
    CravingEscalationService,
    CravingVoiceCallService,
    CravingVoiceCallsRepository,
    DeliveryReceiptsService,
    CravingJobs,
    CravingRetentionRepository,
    CravingRetentionService,
    CravingsGateway,
    CravingTextsRepository,
    CravingTextsService,
    CrisisResourcesService,
    EscalationPolicyService,
  ],
  exports: [AlertCircleService, CravingsService, CravingEscalationService, CravingRetentionService],
})
export class CravingsModule {}
