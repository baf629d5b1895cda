import { signal } from '@preact/signals';
import { api } from './api/client';
import { user } from './session';

/** Someone on my phone list who shows me their number. */
export type SharedPhone = { userId: string; displayName: string; phone: string };

/**
 * Who on my phone list shares their phone with me, by member id (GET /phone-list: `theyShareTheirPhone` and
 * `phone`): the craving screen's one-tap calls and the inbox's "Call <name>". Read once and kept for a minute;
 * forgotten when the member signs out or changes.
 */
export const sharedPhones = signal<Map<string, SharedPhone>>(new Map());

let loaded: { owner: string; at: number } | null = null;
let inFlight: Promise<void> | null = null;

/** Reads the phone list unless it was read less than `maxAgeMs` ago (by the same member). */
export function loadSharedPhones(maxAgeMs = 60_000): Promise<void> {
  const owner = user.value?.id;
  if (!owner) {
    sharedPhones.value = new Map();
    loaded = null;
    return Promise.resolve();
  }
  if (loaded?.owner !== owner) sharedPhones.value = new Map();
  else if (Date.now() - loaded.at < maxAgeMs) return Promise.resolve();
  inFlight ??= api
    .GET('/api/v1/phone-list')
    .then(({ data }) => {
      if (!data || user.value?.id !== owner) return;
      const phones = new Map<string, SharedPhone>();
      for (const contact of data) {
        if (contact.theyShareTheirPhone && contact.phone) {
          phones.set(contact.user.id, { userId: contact.user.id, displayName: contact.user.displayName, phone: contact.phone });
        }
      }
      sharedPhones.value = phones;
      loaded = { owner, at: Date.now() };
    })
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}
