import { DomainRefusal } from '@homegroup/operations';

/** The number is not a valid phone number in international form. */
export class SmsInvalidNumberError extends DomainRefusal {
  constructor(field = 'phone') {
    super(422, 'sms_invalid_number', `${field} must be a phone number in international form, e.g. +14155550123`);
  }
}

/** The number's country is not on SMS_ALLOWED_COUNTRIES. */
export class SmsCountryNotAllowedError extends DomainRefusal {
  constructor(country: string | null, allowed: string[]) {
    super(
      422,
      'sms_country_not_allowed',
      `Homegroup does not text or call numbers in ${country ?? 'that region'}; it reaches numbers in ${allowed.join(', ')}`,
    );
  }
}

/** The number texted STOP: nothing is sent to it until it texts START. */
export class SmsOptedOutError extends DomainRefusal {
  constructor() {
    super(
      409,
      'sms_opted_out',
      'This number replied STOP to Homegroup, so it gets no texts or calls; they can text START to our number to receive them again',
    );
  }
}

/** The member has used the day's texts and calls. */
export class SmsMemberLimitError extends DomainRefusal {
  constructor(limit: number, retryAfterSeconds: number) {
    super(
      429,
      'sms_member_daily_limit',
      `You have reached today's limit of ${limit} texts and calls; it resets at midnight UTC`,
      retryAfterSeconds,
    );
  }
}

/** The number has had the day's texts and calls (from everyone together). */
export class SmsRecipientLimitError extends DomainRefusal {
  constructor(limit: number, retryAfterSeconds: number) {
    super(
      429,
      'sms_recipient_daily_limit',
      `This number has had today's limit of ${limit} texts and calls from Homegroup; it resets at midnight UTC`,
      retryAfterSeconds,
    );
  }
}

/**
 * What a caller throws when it wants an HTTP answer for a provider failure (SmsService itself returns the
 * failure as a result): 422 with the provider's error code, never a 5xx.
 */
export class SmsNotSentError extends DomainRefusal {
  constructor(readonly errorCode: number | null) {
    super(
      422,
      'sms_not_sent',
      errorCode === 21610
        ? 'The number has blocked texts from Homegroup (it replied STOP)'
        : 'The text could not be sent to that number; check it, or try again later',
    );
  }
}
