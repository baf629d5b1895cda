import { BadRequestException, ConflictException, UnprocessableEntityException } from '@nestjs/common';
import type { FellowshipEntity } from '@homegroup/identity';
import type { SponsorshipStatus } from './sponsorship.constants';

/** 409 with the sponsorship's current state: `{ statusCode, error, message, status }`. */
export function sponsorshipConflict(status: SponsorshipStatus, message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message, status });
}

/** 409 when there is no sponsorship to report a state of (the sponsor is full, the two are already linked). */
export function plainConflict(message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message });
}

/** 400 naming the field, in the shape the validation pipe uses. */
export function fieldError(field: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message,
    fields: [{ field, messages: [message] }],
  });
}

const humanKind = (kind: string): string => kind.replace(/_/g, ' ');

/** What to say when a fellowship has no sponsors (SMART Recovery): what to do instead. */
export function noSponsorsMessage(fellowship: FellowshipEntity): string {
  const alternative = fellowship.relationshipKinds.map(humanKind).join(' or ') || 'contact';
  return `${fellowship.name} has no sponsors; add them as a ${alternative} on your phone list instead`;
}

export function noSponsorsError(fellowship: FellowshipEntity): UnprocessableEntityException {
  const message = noSponsorsMessage(fellowship);
  return new UnprocessableEntityException({
    statusCode: 422,
    error: 'Unprocessable Entity',
    message,
    fields: [{ field: 'fellowship', messages: [message] }],
  });
}

/** True for PostgreSQL's unique violation on the named index or constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
