import 'uplot/dist/uPlot.min.css';
import './app.css';
import { mount } from 'svelte';
import { showFatalError } from './lib/fatal';
import { patchNavigatorLanguage } from './lib/locale';

// Before anything reads navigator.language (uPlot does at import): a webview started with
// LANG=C reports "C", which Intl rejects.
patchNavigatorLanguage();

async function start(): Promise<void> {
  const target = document.getElementById('app') ?? document.body;
  try {
    // Imported here, not statically, so that a failure while loading any UI module lands in
    // this catch and is shown, instead of leaving an empty window.
    const { default: App } = await import('./App.svelte');
    target.replaceChildren();
    mount(App, { target });
  } catch (error) {
    console.error(error);
    showFatalError(target, error);
  }
}

void start();
