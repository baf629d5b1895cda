import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed webhook already taken (ADR 0044): SHA-256 of signature, URL and sorted parameters. A second request
 * with the same digest is a replay and refused. Rows older than TWILIO_RECEIPT_DAYS are pruned on insert.
 */
@Entity({ name: 'twilio_webhook_receipts' })
export class TwilioWebhookReceiptEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  digest: string;

  @Index('ix_twilio_webhook_receipts_created')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
