import { signal } from '@preact/signals';

/** Hash routes (#/find, #/craving, #/inbox, #/phones, #/sponsors, #/lead, #/me, #/signin): the server's paths (/api, /docs, /socket.io …) stay untouched. */
export type Route = 'find' | 'craving' | 'inbox' | 'phones' | 'sponsors' | 'lead' | 'me' | 'signin' | 'register';
const routes: Route[] = ['find', 'craving', 'inbox', 'phones', 'sponsors', 'lead', 'me', 'signin', 'register'];
/** Screens that need an account: a signed-out visitor is sent to sign in. */
export const accountRoutes: Route[] = ['craving', 'inbox', 'phones', 'sponsors', 'lead', 'me'];

function read(): Route {
  const name = location.hash.replace(/^#\/?/, '').split('?')[0] as Route;
  return routes.includes(name) ? name : 'find';
}

export const route = signal<Route>(read());
addEventListener('hashchange', () => {
  route.value = read();
});

export function go(next: Route): void {
  location.hash = `#/${next}`;
}
