import { render } from 'preact';
import { App } from './app';
import { locale } from './i18n';
import { startServiceWorker } from './push';
import { restoreSession } from './session';

document.documentElement.lang = locale.value;
void restoreSession();
startServiceWorker();
render(<App />, document.getElementById('app') as HTMLElement);
