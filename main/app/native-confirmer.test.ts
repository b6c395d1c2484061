import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ dialog: { showMessageBox: vi.fn() } }));
vi.mock('electron', () => electron);

const { createNativeConfirmer } = await import('./native-confirmer');

const q = {
  title: 'Change the cloud?',
  message: 'Signs out 1 profile.',
  detail: 'Reconnect it.',
  confirmLabel: 'Change and sign out',
};

describe('native confirmer', () => {
  it('asks in a message box on the window, Cancel first and default; yes only for the confirm button', async () => {
    const win = { isDestroyed: () => false };
    const confirmer = createNativeConfirmer(() => win as never);
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await confirmer.confirm(q)).toBe(true);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        title: q.title,
        message: q.message,
        detail: q.detail,
        buttons: ['Cancel', 'Change and sign out'],
        defaultId: 0,
        cancelId: 0,
      }),
    );
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await confirmer.confirm(q)).toBe(false);
  });

  it('without a window it still asks (app-modal)', async () => {
    electron.dialog.showMessageBox.mockClear();
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await createNativeConfirmer(() => null).confirm(q)).toBe(true);
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ title: q.title }));
  });

  it('declines a second question while one is open', async () => {
    let answer!: (r: { response: number }) => void;
    electron.dialog.showMessageBox.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const confirmer = createNativeConfirmer(() => null);
    const first = confirmer.confirm(q);
    expect(await confirmer.confirm(q)).toBe(false);
    answer({ response: 1 });
    expect(await first).toBe(true);
  });
});
