import { BadRequestException, ForbiddenException, NotFoundException } from '@nestjs/common';

/** 400 naming the field, in the shape the validation pipe uses. */
export function fieldError(field: string, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, fields: [{ field, messages: [message] }] });
}

export const groupNotFound = (): NotFoundException =>
  new NotFoundException('No such group (or it is not published yet); check the id');

export const meetingNotFound = (): NotFoundException =>
  new NotFoundException('No such meeting (or its group is not published yet); check the id');

export const notALead = (): ForbiddenException =>
  new ForbiddenException('Only the group’s leads (and admins) may change its meetings; ask a lead to add you as a co-lead');
