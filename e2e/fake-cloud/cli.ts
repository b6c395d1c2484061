/**
 * `npm run fake-cloud`: starts the fake cloud with a demo personal account and prints the env lines that point the app
 * and the CLI at it. Device code sign-in is approved automatically after two polls (FAKE_CLOUD_DEVICE_CODE=manual:
 * approve at the printed /devicelogin page instead). Env: FAKE_CLOUD_PORT, FAKE_CLOUD_DOWNLOAD_PORT (fixed ports),
 * FAKE_CLOUD_ENV_FILE (also write the env lines there).
 */
import { writeFileSync } from 'node:fs';
import { startFakeCloud } from './index';

const port = Number(process.env.FAKE_CLOUD_PORT ?? 0);
const downloadPort = Number(process.env.FAKE_CLOUD_DOWNLOAD_PORT ?? 0);
const cloud = await startFakeCloud({ port, downloadPort });
const manual = process.env.FAKE_CLOUD_DEVICE_CODE === 'manual';
cloud.control.setDeviceCode({ pendingPolls: manual ? 0 : 2, outcome: manual ? 'manual' : 'approve', interval: 1 });
// A fixed drive id: the demo account's ids (account, drive, items) are the same on every start, so a data dir
// from yesterday still names the same account.
const DEMO_DRIVE_ID = '0d3e0d3e0d3e0d3e';
const demo = cloud.control.createAccount({
  kind: 'personal',
  driveId: DEMO_DRIVE_ID,
  username: 'demo@outlook.com',
  displayName: 'Demo User',
  tree: {
    'Documents/Readme.txt': 'Hello from the fake cloud.\n',
    'Documents/Reports/2026-q1.csv': 'quarter,total\nq1,42\n',
    'Documents/Reports/2026-q2.csv': 'quarter,total\nq2,57\n',
    'Pictures/Holiday/beach.jpg': { size: 350_000 },
    'Pictures/Holiday/sunset.jpg': { size: 420_000 },
    'Music/': null,
    'Big/archive.bin': { size: 25_000_000 },
    'notes.md': '# Notes\n',
  },
});

const envLines = [
  `ONEDRIVE_MIRROR_AUTHORITY=${cloud.authority}`,
  `ONEDRIVE_MIRROR_GRAPH_URL=${cloud.graphUrl}`,
  `ONEDRIVE_MIRROR_CLIENT_ID=${cloud.clientId}`,
  `NODE_EXTRA_CA_CERTS=${cloud.caPath}`,
];
if (process.env.FAKE_CLOUD_ENV_FILE) writeFileSync(process.env.FAKE_CLOUD_ENV_FILE, envLines.join('\n') + '\n');
console.log(envLines.join('\n'));
console.error(
  [
    '',
    `# fake cloud: identity + Graph ${cloud.authorityHost}, downloads ${cloud.downloadOrigin}`,
    `# demo account ${demo.username} (drive ${demo.driveId})`,
    manual
      ? `# device code: approve at ${cloud.authorityHost}/devicelogin`
      : '# device code: approved automatically after two polls; interactive sign-in signs in the demo account',
    `# browsers must trust the CA ${cloud.caPath} for interactive sign-in`,
    '# Ctrl+C to stop',
  ].join('\n'),
);

const stop = (): void => {
  void cloud.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
