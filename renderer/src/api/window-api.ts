/** The typed accessor for the API the preload (or the e2e bridge) puts on `window`. */
import type { Api } from '../../../shared/ipc';

declare global {
  interface Window {
    api: Api;
  }
}

/** The bridge's API, or an error that says which host is missing (so a blank page never hides it). */
export function windowApi(): Api {
  const api = (window as Partial<Window>).api;
  if (!api) throw new Error('window.api is missing: the preload or the e2e bridge did not load.');
  return api;
}
