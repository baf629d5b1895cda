/** The states of a sponsorship: requested → active → ended, plus declined, withdrawn and expired. */
export const SPONSORSHIP_STATUSES = [
  'requested',
  'active',
  'ended',
  'declined',
  'withdrawn',
  'expired',
] as const;
export type SponsorshipStatus = (typeof SPONSORSHIP_STATUSES)[number];

/**
 * Relationship kinds a sponsorship may have. Which ones a fellowship knows is data (`fellowships.
 * relationship_kinds`); this list only bounds what the API accepts.
 */
export const SPONSORSHIP_KINDS = ['sponsor', 'temporary_sponsor', 'support_contact', 'facilitator'] as const;
export type SponsorshipKind = (typeof SPONSORSHIP_KINDS)[number];

/** The kinds that count against a sponsor's capacity (`maxSponsees`). */
export const CAPACITY_KINDS: readonly string[] = ['sponsor', 'temporary_sponsor'];

/** The primary kind: at most one active per sponsee and fellowship. */
export const PRIMARY_KIND = 'sponsor';
export const TEMPORARY_KIND = 'temporary_sponsor';

/** How either side answers a temporary sponsorship's review (POST /sponsorships/{id}/review; ending is /end). */
export const REVIEW_DECISIONS = ['continue', 'make_primary'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const SPONSORSHIP_ROLES = ['sponsor', 'sponsee'] as const;
export type SponsorshipRole = (typeof SPONSORSHIP_ROLES)[number];

const DAY_MS = 24 * 3600_000;

/** A pending request expires this long after it was made. */
export const REQUEST_TTL_MS = 30 * DAY_MS;

/** A temporary sponsorship comes up for review this many days after it started (unless the request said otherwise). */
export const DEFAULT_REVIEW_IN_DAYS = 90;
export const MIN_REVIEW_IN_DAYS = 7;
export const MAX_REVIEW_IN_DAYS = 365;

export const MAX_SPONSEES_LIMIT = 20;

export const addDays = (from: Date, days: number): Date => new Date(from.getTime() + days * DAY_MS);
