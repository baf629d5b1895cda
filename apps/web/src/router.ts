import { signal } from '@preact/signals';

/** Hash routes (#/find, #/craving, #/inbox, #/lead, #/signin): the server's paths (/api, /docs, /socket.io …) stay untouched. */
export type Route = 'find' | 'craving' | 'inbox' | 'lead' | 'signin' | 'register';
const routes: Route[] = ['find', 'craving', 'inbox', 'lead', 'signin', 'register'];

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
