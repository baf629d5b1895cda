import type { CravingRecipientStatus, CrisisResource } from '@homegroup/contracts';
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

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The owner's view: everything, including the note and each responder's message. */
export function ownerView(
  craving: CravingWithOwner,
  recipients: RecipientView[],
  crisisResources: CrisisResource[],
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
