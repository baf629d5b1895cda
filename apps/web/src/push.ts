import { signal } from '@preact/signals';
import { api, errorText } from './api/client';

/**
 * The service worker (/sw.js, scope /) and Web Push (ADR 0026). The worker caches the app shell so the app opens
 * offline, shows pushes the API sends when this member has no live connection, and opens the app at the alert
 * when the notification is tapped.
 */

/** unsupported: no service worker / Push API / Notification here; denied: the person blocked notifications. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';
export const pushState = signal<PushState>('off');

const supported = (): boolean =>
  'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window && window.isSecureContext;

/** Registers the worker once per page load; also listens for the worker asking to open a route. */
export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) {
    pushState.value = 'unsupported';
    return;
  }
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: string; hash?: string } | null;
    if (data?.type === 'homegroup:open' && typeof data.hash === 'string' && data.hash.startsWith('#/')) {
      location.hash = data.hash;
    }
  });
  navigator.serviceWorker.startMessages();
  void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  void refreshPushState();
}

/** Whether this browser holds a push subscription (and may be paged with the app closed). */
export async function refreshPushState(): Promise<void> {
  if (!supported()) {
    pushState.value = 'unsupported';
    return;
  }
  if (Notification.permission === 'denied') {
    pushState.value = 'denied';
    return;
  }
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  pushState.value = subscription && Notification.permission === 'granted' ? 'on' : 'off';
}

/**
 * "Turn on notifications": the permission prompt, a subscription with the server's VAPID key, then the
 * subscription registered with the API. Answers null when done, or a sentence for the person.
 */
export async function turnOnPush(): Promise<string | null> {
  if (!supported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    pushState.value = permission === 'denied' ? 'denied' : 'off';
    return permission === 'denied' ? 'denied' : 'dismissed';
  }
  const key = await api.GET('/api/v1/push/vapid-public-key');
  if (!key.data) return errorText(key.error);
  try {
    const registration = await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: base64UrlToBytes(key.data.publicKey),
      }));
    const json = subscription.toJSON();
    const saved = await api.POST('/api/v1/me/push-subscriptions', {
      body: { endpoint: json.endpoint ?? '', keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } },
    });
    if (!saved.data) return errorText(saved.error);
  } catch (error) {
    // No push service reachable (e.g. a browser without one); the message is the browser's, not ours.
    return error instanceof Error ? error.message : String(error);
  }
  pushState.value = 'on';
  return null;
}

/** "Send me a test notification": the API sends it to open pages and, as a push, to every subscribed device. */
export async function sendTestNotification(): Promise<{ pushedDevices: number } | string> {
  const { data, error } = await api.POST('/api/v1/me/notifications/test');
  return data ? { pushedDevices: data.pushedDevices } : errorText(error);
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
