import type { CravingRecipientStatus, CravingTextRecipient, CravingTextRecipientStatus, CrisisResource } from '@homegroup/contracts';
import type { TextRecipientView } from './craving-texts.repository';
import type { CravingWithOwner, RecipientView } from './cravings.repository';
import type { CravingAsRecipientResponseDto, CravingResponseDto } from './dto/craving.response.dto';
import { crisisTexts } from './crisis-texts';

export function recipientStatus(r: RecipientView): CravingRecipientStatus {
  if (r.acknowledgedAt) return 'responding';
  if (r.deliveredAt) return 'delivered';
  if (r.notifiedAt) return 'notified';
  if (r.skippedAt) return 'skipped';
  return 'pending';
}

export function textRecipientStatus(t: TextRecipientView): CravingTextRecipientStatus {
  if (t.acknowledgedAt) return 'responding';
  if (t.failedAt) return 'failed';
  if (t.skippedAt) return 'skipped';
  if (t.deliveryStatus === 'delivered' || t.deliveryStatus === 'read') return 'delivered';
  if (t.notifiedAt) return 'texted';
  return 'waiting';
}

export const textRecipientsView = (texts: readonly TextRecipientView[]): CravingTextRecipient[] =>
  texts.map((t) => ({ id: t.id, name: t.name, step: t.step, status: textRecipientStatus(t) }));

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The owner's view: everything, including the note and each responder's message. */
export function ownerView(
  craving: CravingWithOwner,
  recipients: RecipientView[],
  crisisResources: CrisisResource[],
  texts: readonly TextRecipientView[] = [],
): CravingResponseDto {
  return {
    id: craving.id,
    state: craving.state,
    intensity: craving.intensity,
    trigger: craving.trigger,
    note: craving.note,
    createdAt: craving.createdAt.toISOString(),
    step: craving.step,
    acknowledgedAt: iso(craving.acknowledgedAt),
    resolvedAt: iso(craving.resolvedAt),
    outcome: craving.outcome,
    autoResolved: craving.autoResolved,
    recipients: recipients.map((r) => ({
      user: { id: r.userId, displayName: r.displayName },
      role: r.role,
      step: r.step,
      status: recipientStatus(r),
      ...(r.message ? { message: r.message } : {}),
    })),
    textRecipients: textRecipientsView(texts),
    crisisResources,
    disclaimer: crisisTexts(crisisResources).disclaimer,
  };
}

/** A recipient's view: who asked, how strong, who is responding; never the note or the trigger. */
export function recipientView(
  craving: CravingWithOwner,
  recipients: RecipientView[],
  me: RecipientView,
  crisisResources: CrisisResource[],
): CravingAsRecipientResponseDto {
  return {
    id: craving.id,
    state: craving.state,
    from: { id: craving.ownerId, displayName: craving.ownerDisplayName },
    intensity: craving.intensity,
    createdAt: craving.createdAt.toISOString(),
    myStatus: recipientStatus(me),
    responders: recipients
      .filter((r) => r.acknowledgedAt)
      .map((r) => ({ id: r.userId, displayName: r.displayName })),
    outcome: craving.shareOutcome ? craving.outcome : null,
    resolvedAt: iso(craving.resolvedAt),
    crisisResources,
    disclaimer: crisisTexts(crisisResources).disclaimer,
  };
}
