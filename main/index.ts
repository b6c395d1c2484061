// Electron entry (filled by the shell).
export {};
