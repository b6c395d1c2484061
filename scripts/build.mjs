// Builds the outputs under out/: renderer, main, preload (one CJS file), the CLI and the engine host.
import { build } from 'vite';

for (const mode of ['production', 'main', 'preload', 'cli', 'engine-host']) {
  await build({ mode, configFile: 'vite.config.ts', logLevel: 'warn' });
  console.log(`built ${mode === 'production' ? 'renderer' : mode}`);
}
