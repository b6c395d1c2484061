/**
 * The story's host, in the Playwright worker: the fake cloud (its CA trusted in this process), the REAL core
 * composed by createCore against it (env points authority + Graph at the fake; the client id is left to the
 * setup page), a folder trash, a recording browser opener, and the bridge serving the built renderer.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { createBridgeCore, type BridgeCore } from '../bridge/bridge-core';
import { type Bridge, startBridge } from '../bridge/server';
import type { AppNotification } from '../../shared/ipc';
import { type FakeCloud, startFakeCloud, trustCaInProcess } from '../fake-cloud';
import { createFolderTrash, type FolderTrash } from './folder-trash';

const root = path.resolve(import.meta.dirname, '../..');

export interface StoryHost {
  cloud: FakeCloud;
  core: BridgeCore;
  bridge: Bridge;
  trash: FolderTrash;
  /** The desktop notifications the core asked for, in order (the Electron shell would show them). */
  notifications: AppNotification[];
  /** A scratch folder for the local mirrors (local paths typed into the UI go under it). */
  workDir: string;
  close(): Promise<void>;
}

export interface StoryHostOptions {
  /** Extra environment for the core (e.g. ONEDRIVE_MIRROR_CLIENT_ID to skip the setup page). */
  env?: Record<string, string>;
  /** Live changes connect (the core gets the fake's CA for its sockets); off, syncs only use their interval. */
  live?: boolean;
}

export async function startStoryHost(options: StoryHostOptions = {}): Promise<StoryHost> {
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const workDir = await mkdtemp(path.join(tmpdir(), 'onedrive-mirror-story-'));
  const cloud = await startFakeCloud();
  const untrust = trustCaInProcess(cloud.caPem);
  const trash = createFolderTrash(path.join(workDir, 'trash'));
  const core = await createBridgeCore({
    dataDir: path.join(workDir, 'data'),
    version,
    env: {
      ONEDRIVE_MIRROR_AUTHORITY: cloud.authority,
      ONEDRIVE_MIRROR_GRAPH_URL: cloud.graphUrl,
      ...options.env,
    },
    trash,
    ...(options.live ? { liveCa: cloud.caPem } : {}),
  });
  const notifications: AppNotification[] = [];
  const offNotification = core.service.on('notification', (n) => void notifications.push(n as AppNotification));
  const bridge = await startBridge({ service: core.service, rendererDir: path.join(root, 'out/renderer') });
  core.service.start();
  return {
    cloud,
    core,
    bridge,
    trash,
    notifications,
    workDir,
    close: async () => {
      offNotification();
      await bridge.close();
      await core.shutdown();
      await cloud.close();
      untrust();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * Completes the sign-in the core just started, in a new tab of the same browser: the fake's authorize page
 * auto-posts its form to MSAL's loopback redirect, which answers with the app's success page.
 */
export async function signInInBrowser(host: StoryHost, context: BrowserContext): Promise<void> {
  const url = await host.core.opener.next();
  const tab = await context.newPage();
  try {
    await tab.goto(url);
    await tab.getByRole('heading', { name: 'You are signed in to OneDrive Mirror' }).waitFor();
  } finally {
    await tab.close();
  }
}
