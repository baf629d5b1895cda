import { signal } from '@preact/signals';

/**
 * The invite QR code encodes a link to this app, `<origin>/#/phones?code=K7P9XQ2MHC`: a phone camera opens it, and
 * the phone list's "type a code" form is filled in (never sent on its own: the member presses "Add"). The code is in
 * the fragment, so it never reaches a server or a Referer. A visitor who is signed out is sent to sign in first: the
 * code waits in sessionStorage (this tab only) and sign-in comes back to #/phones.
 */
const KEY = 'hg.inviteCode';

/** The link a QR code of `code` opens. */
export function inviteLink(code: string): string {
  return `${location.origin}/#/phones?code=${encodeURIComponent(code)}`;
}

function capture(): string | null {
  const match = /^#\/?phones\?(.*)$/.exec(location.hash);
  const code = match ? new URLSearchParams(match[1]).get('code')?.trim().slice(0, 64) : undefined;
  try {
    if (code) sessionStorage.setItem(KEY, code);
    return sessionStorage.getItem(KEY);
  } catch {
    return code ?? null;
  }
}

/** A code from an invite link, waiting to be put into the form. */
export const pendingInviteCode = signal<string | null>(capture());
addEventListener('hashchange', () => {
  pendingInviteCode.value = capture();
});

/** The form took the code: forget it, and take it out of the address bar (no new history entry, no hashchange). */
export function takePendingInviteCode(): string | null {
  const code = pendingInviteCode.value;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable */
  }
  pendingInviteCode.value = null;
  if (location.hash.startsWith('#/phones?')) history.replaceState(history.state, '', '#/phones');
  return code;
}
