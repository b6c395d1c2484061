// Preload (filled by the shell).
export {};
