/**
 * One config for every build target. `vite build --mode <target>` picks one:
 *   renderer (default)  -> out/renderer   the React UI, served over app:// in production
 *   main                -> out/main       the Electron main process (ESM)
 *   preload             -> out/preload    ONE CommonJS file: a sandboxed preload cannot load modules
 *   cli                 -> out/cli        the headless `onedrive-mirror` command
 *   engine-host         -> out/engine-host  where sync runs execute: the app's utility process, the CLI's worker
 *   bench-child         -> bench-results/child  the benchmark's sync process, bundled like the shipped code
 *   bench-live-child    -> bench-results/live-child  the live-idle benchmark's process (100 subscriptions)
 * Vitest reads the `test` block (mode "test").
 */
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { metaContentSecurityPolicy } from './shared/csp.ts';
import { builtInCloudFromEnv } from './shared/app-registration.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const runtimeDeps = Object.keys(pkg.dependencies);
// The default app registration of this build, from the build's environment (README "Build with a default app
// registration"); null without ODM_DEFAULT_CLIENT_ID. Read lazily: a malformed value fails only the Node builds.
const builtInCloud = () => JSON.stringify(builtInCloudFromEnv(process.env));
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * ES-module dependencies of many small files that the CLI bundles into its own chunks: Node resolves, reads and links
 * each module of a package separately, and the CLI pays that at every start (MSAL alone is ~170 modules).
 */
const bundledInCli = ['@azure/msal-node', '@azure/msal-common', 'zod', '@microsoft/microsoft-graph-client'];

/** `@azure/msal-node` -> `vendor-azure-msal-node` (the file is `vendor-azure-msal-node-<hash>.js`). */
const vendorChunk = (dep: string): string => `vendor-${dep.replace(/^@/, '').replace(/\//g, '-')}`;

/** A package or builtin (not our source): what the bundled packages import themselves stays in node_modules too. */
const isBare = (id: string): boolean =>
  !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:/.test(id);

/** Node code keeps its runtime dependencies in node_modules (packaged by electron-builder). */
function isExternal(id: string): boolean {
  if (nodeBuiltins.has(id) || id === 'electron') return true;
  return runtimeDeps.some((dep) => id === dep || id.startsWith(`${dep}/`));
}

function nodeTarget(
  entry: string,
  outDir: string,
  format: 'es' | 'cjs',
  fileName: string,
  banner = '',
  external: (id: string) => boolean = isExternal,
  chunks?: (id: string) => string | undefined,
): UserConfig {
  return {
    publicDir: false,
    define: { __APP_VERSION__: JSON.stringify(pkg.version), __ODM_BUILT_IN_CLOUD__: builtInCloud() },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'node20',
      sourcemap: false,
      minify: false,
      lib: { entry, formats: [format], fileName: () => fileName },
      rollupOptions: {
        external: format === 'cjs' ? ['electron'] : external,
        output: { ...(banner ? { banner } : {}), ...(chunks ? { manualChunks: chunks } : {}) },
      },
    },
  };
}

/**
 * Writes the renderer's CSP (shared/csp.ts, the same policy main sends as a header) into index.html, right after
 * <meta charset>, before anything it governs. The dev server alone relaxes it: Vite injects CSS as <style> text
 * and React Refresh an inline script, and hot reload talks over a WebSocket.
 */
function cspMetaTag(): Plugin {
  const dev = metaContentSecurityPolicy
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace(/style-src [^;]+/, "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", "connect-src 'self' ws:");
  return {
    name: 'onedrive-mirror:csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('index.html needs <meta charset> for the CSP meta tag to follow');
        const policy = ctx.server ? dev : metaContentSecurityPolicy;
        return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
      },
    },
  };
}

const rendererConfig: UserConfig = {
  root: 'renderer',
  base: './',
  plugins: [react(), cspMetaTag()],
  build: { outDir: '../out/renderer', emptyOutDir: true, target: 'chrome130', sourcemap: false },
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
};

export default defineConfig(({ mode }) => {
  switch (mode) {
    case 'main':
      return nodeTarget('main/index.ts', 'out/main', 'es', 'index.js');
    case 'preload':
      return nodeTarget('preload/index.ts', 'out/preload', 'cjs', 'index.cjs');
    case 'cli':
      return nodeTarget(
        'main/cli/index.ts',
        'out/cli',
        'es',
        'index.js',
        '#!/usr/bin/env node',
        (id) => isBare(id) && !bundledInCli.some((dep) => id === dep || id.startsWith(`${dep}/`)),
        // One chunk per bundled package, named for it: e2e/cli/lazy-load.test.ts tells which commands load it.
        (id) => bundledInCli.map((dep) => (id.includes(`/node_modules/${dep}/`) ? vendorChunk(dep) : undefined)).find(Boolean),
      );
    case 'engine-host':
      // One file with its packages in it (graph client, zod, ignore): a worker pays for every module it loads,
      // and loading them from node_modules one by one doubled a no-change CLI run (README "Processes").
      return nodeTarget('main/core/engine-host/host-main.ts', 'out/engine-host', 'es', 'index.js', '', (id) =>
        nodeBuiltins.has(id),
      );
    case 'bench-child':
      return nodeTarget('e2e/bench/sync-child.ts', 'bench-results/child', 'es', 'sync-child.js');
    case 'bench-live-child':
      return nodeTarget('e2e/bench/live-idle-child.ts', 'bench-results/live-child', 'es', 'live-idle-child.js');
    case 'test':
      return {
        plugins: [react()],
        test: {
          // Vitest's default on a 2-core machine is one worker; most files wait on child processes and sockets,
          // so two run side by side (npm test: 400 s -> see README).
          maxWorkers: 2,
          projects: [
            {
              extends: true,
              test: {
                name: 'node',
                environment: 'node',
                include: [
                  'main/**/*.test.ts',
                  'shared/**/*.test.ts',
                  'preload/**/*.test.ts',
                  'e2e/**/*.test.ts',
                  'scripts/**/*.test.ts',
                ],
                testTimeout: 30_000,
                hookTimeout: 60_000,
                // Through Vite, so a test's vi.mock('electron') reaches its `import electron`: loaded by Node
                // instead, it would get the real package, which downloads Electron on import.
                server: { deps: { inline: ['electron-store'] } },
              },
            },
            {
              extends: true,
              test: {
                name: 'renderer',
                environment: 'happy-dom',
                // A dialog test takes ~0.5 s alone and over 5 s (the default) beside two busy workers.
                testTimeout: 20_000,
                include: ['renderer/**/*.test.tsx', 'renderer/**/*.test.ts'],
              },
            },
          ],
        },
      };
    default:
      return rendererConfig;
  }
});
