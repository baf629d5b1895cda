/** Which moment of a craving alert a notification is about. */
export type CravingNotificationKind = 'alert' | 'escalated' | 'acknowledged' | 'resolved' | 'checkin';

export type CravingNotificationInput = {
  /**
   * alert / acknowledged / resolved: the member the notification is about (the owner of the alert, or the
   * responder for `acknowledged`). escalated / checkin go to the owner themselves; the name is not used.
   */
  fromDisplayName: string;
  /** 1–10, shown only with `showDetails`; null when not known. */
  intensity: number | null;
  /** The recipient opted in to craving details on their lock screen (NotificationPreferences). */
  showDetails: boolean;
  kind: CravingNotificationKind;
};

export type NotificationText = { title: string; body: string };

/**
 * What a push (a lock screen) says about a craving alert. Neutral by default: never "craving", never the
 * intensity, the trigger or the note, nothing that would tell a stranger glancing at the phone what this is
 * about ("Sam is asking for a call"). Details only for a recipient who opted in. The note is never shown.
 */
export function cravingNotificationText(input: CravingNotificationInput): NotificationText {
  const name = displayName(input.fromDisplayName);
  return input.showDetails ? detailedText(input.kind, name, input.intensity) : neutralText(input.kind, name);
}

function neutralText(kind: CravingNotificationKind, name: string): NotificationText {
  switch (kind) {
    case 'alert':
      return {
        title: `${name} is asking for a call`,
        body: 'Open Homegroup to let them know you are there.',
      };
    case 'escalated':
      return {
        title: 'Nobody has answered yet',
        body: 'Open Homegroup for people and lines you can call right now.',
      };
    case 'acknowledged':
      return { title: `${name} is responding`, body: 'Open Homegroup to see who is on it.' };
    case 'resolved':
      return { title: `${name} closed their request`, body: 'Thank you for being there.' };
    case 'checkin':
      return { title: 'Homegroup', body: 'Checking in: how are you doing?' };
  }
}

function detailedText(
  kind: CravingNotificationKind,
  name: string,
  intensity: number | null,
): NotificationText {
  const level =
    intensity !== null && Number.isInteger(intensity) && intensity >= 1 && intensity <= 10
      ? ` (intensity ${intensity}/10)`
      : '';
  switch (kind) {
    case 'alert':
      return { title: `${name} flagged a craving${level}`, body: `${name} is asking for a call.` };
    case 'escalated':
      return {
        title: 'Nobody has answered your craving alert yet',
        // No number here: a lock screen does not know the member's country (the app shows their lines).
        body: 'Open Homegroup for people and lines you can call right now. In an emergency, call your local emergency number.',
      };
    case 'acknowledged':
      return {
        title: `${name} is responding to the craving alert`,
        body: 'Open Homegroup to see who is on it.',
      };
    case 'resolved':
      return { title: `${name} resolved their craving alert`, body: 'Thank you for being there.' };
    case 'checkin':
      return {
        title: 'Checking in after your craving',
        body: 'How are you doing? Tap to tell us, or to ask for a call again.',
      };
  }
}

/** A name for a lock screen: one line, at most 40 characters, "Someone" when empty. */
function displayName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) return 'Someone';
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}
