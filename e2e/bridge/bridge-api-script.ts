/**
 * The browser side of the bridge: a classic script (served as /bridge-api.js so the page's CSP keeps
 * script-src 'self') that defines `window.api` from the contract's names. Commands are POST /api/<name>
 * with one JSON object; events arrive over one Server-Sent Events stream (GET /api/events).
 */
import { commandNames, eventNames } from '../../shared/ipc';

export function bridgeApiScript(): string {
  return `(() => {
  'use strict';
  const commandNames = ${JSON.stringify(commandNames)};
  const eventNames = ${JSON.stringify(eventNames)};
  const listeners = new Map(eventNames.map((name) => [name, new Set()]));
  let source = null;

  function connect() {
    if (source) return;
    source = new EventSource('/api/events');
    for (const name of eventNames) {
      source.addEventListener(name, (message) => {
        const payload = JSON.parse(message.data);
        for (const listener of [...listeners.get(name)]) listener(payload);
      });
    }
  }

  async function call(name, input) {
    try {
      const response = await fetch('/api/' + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input === undefined ? null : input),
      });
      return await response.json();
    } catch (error) {
      return { ok: false, error: { code: 'offline', message: 'The bridge did not answer: ' + String(error) } };
    }
  }

  const api = {};
  for (const name of commandNames) api[name] = (input) => call(name, input);
  api.on = (event, listener) => {
    const set = listeners.get(event);
    if (!set) throw new Error('Unknown event: ' + String(event));
    if (typeof listener !== 'function') throw new Error('The listener must be a function');
    connect();
    set.add(listener);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false });
})();
`;
}
