import { render } from 'preact';
import { App } from './app';
import { locale } from './i18n';
import { restoreSession } from './session';

document.documentElement.lang = locale.value;
void restoreSession();
render(<App />, document.getElementById('app') as HTMLElement);
