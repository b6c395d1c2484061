/** What the tray and the window say while the power policy holds background syncing (AppState.powerPause). */
export const powerPauseText = {
  battery: 'Paused: on battery power',
  metered: 'Paused: on a metered connection',
} as const;

/** The longer line under it in the window. */
export const powerPauseDetail = {
  battery: 'Background syncing waits until the computer is plugged in (Settings: pause on battery). Sync now still works.',
  metered: 'Background syncing waits for a connection that is not metered (Settings: pause on metered). Sync now still works.',
} as const;
