import { render } from 'preact';
import './styles.scss';
import { App } from './app';
import { startRouter } from './router';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
startRouter();
render(<App />, document.getElementById('app') as HTMLElement);
