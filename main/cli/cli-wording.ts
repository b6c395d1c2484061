/**
 * The core's messages are written for the app ("Set it in Settings", "Reconnect the account"). On the command line
 * they must name what to type instead, and every `onedrive-mirror ...` hint must work when pasted: it keeps the
 * `--data-dir` the user gave. "Syncing will retry automatically." is true only where something retries (`run`),
 * not at the end of a one-shot command. Pure; applied to every human-readable line the CLI prints (never to --json).
 */
export interface WordingContext {
  /** The absolute data dir when the user passed `--data-dir`, else null (env and the default need no flag). */
  dataDirArg: string | null;
  /** True in `run`, the one command that retries on its own. */
  retries: boolean;
}

const appPhrases: [RegExp, string][] = [
  [
    /Set it in Settings or in ONEDRIVE_MIRROR_CLIENT_ID\./g,
    'Set it with: onedrive-mirror setup --client-id ID (or env ONEDRIVE_MIRROR_CLIENT_ID).',
  ],
  [/Set up the app registration first\.$/g, 'Set up the app registration first: onedrive-mirror setup --client-id ID'],
  [/Reconnect the account to resume syncing\./g, 'Sign in again to resume syncing: onedrive-mirror profile login NAME'],
  [/Reconnect it to resume syncing\./g, 'Sign in again to resume syncing: onedrive-mirror profile login NAME'],
  [/Connect it and resume this sync\./g, 'Sign in (onedrive-mirror profile login NAME), then onedrive-mirror sync resume ID.'],
  [/Connect this profile first\./g, 'Sign it in first: onedrive-mirror profile login NAME'],
  [
    /Review the deletions to continue\./g,
    'Review them: onedrive-mirror sync confirm-deletes ID, or onedrive-mirror sync keep-files ID.',
  ],
  [/Resume it first\./g, 'Resume it first: onedrive-mirror sync resume ID'],
  [/Choose the folder with the Browse button\./g, 'Give the folder with --local DIR.'],
  [
    /Is a proxy or antivirus inspecting HTTPS, or is the clock wrong\?/g,
    'Is a proxy or antivirus inspecting HTTPS (then give Node its root certificate: NODE_EXTRA_CA_CERTS=/path/to/root.pem), or is the clock wrong?',
  ],
];

/** Only a lowercase word can follow: a command hint, not "onedrive-mirror [options]" or a product name. */
const hint = /\bonedrive-mirror (?=[a-z])/g;

export function forCli(text: string, ctx: WordingContext): string {
  let out = text;
  for (const [re, replacement] of appPhrases) out = out.replace(re, replacement);
  if (!ctx.retries) out = out.replace(/ ?Syncing will retry( automatically)?\./g, '');
  if (ctx.dataDirArg) out = out.replace(hint, `onedrive-mirror --data-dir ${shellQuote(ctx.dataDirArg)} `);
  return out;
}

/** A path as one shell word (POSIX quoting; plain paths stay unquoted so hints stay readable). */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
