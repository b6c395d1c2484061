/**
 * The Confirmer port in the app: a native message box shown by main, parented to the window. The renderer can
 * request a change that needs it (cloud endpoints, plaintext tokens, a typed or non-empty sync folder) but never
 * answers it. One question at a time: a request while one is open is declined, so a misbehaving page cannot
 * queue up a series of dialogs for the user to click through.
 */
import { type BrowserWindow, dialog } from 'electron';
import type { Confirmer } from '../core/ports';

export function createNativeConfirmer(getWindow: () => BrowserWindow | null): Confirmer {
  let open = false;
  return {
    async confirm(q) {
      if (open) return false;
      open = true;
      try {
        const options: Electron.MessageBoxOptions = {
          type: 'warning',
          title: q.title,
          message: q.message,
          detail: q.detail,
          buttons: ['Cancel', q.confirmLabel],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        };
        const win = getWindow();
        const result =
          win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
        return result.response === 1;
      } finally {
        open = false;
      }
    },
  };
}
