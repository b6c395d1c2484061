// Builds the four outputs under out/: renderer, main, preload (one CJS file) and the CLI.
import { build } from 'vite';

for (const mode of ['production', 'main', 'preload', 'cli']) {
  await build({ mode, configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log(`built ${mode === 'production' ? 'renderer' : mode}`);
}
