/**
 * Who chose the folder a mirror writes into. The renderer may only propose one: main accepts it when the user
 * picked it in the native folder dialog this session (a grant) or confirmed it in a native dialog. On the command
 * line, typing `--local` is the choice itself. Either way the refusals of local-root-policy.ts apply (also through
 * symlinks), and a folder that already holds files needs an explicit yes (app) or `--allow-nonempty` (CLI).
 */
import { readdir, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';
import { checkLocalRoot } from '../local-root-policy';
import type { ConfirmQuestion } from '../ports';
import type { ServiceContext } from './service-context';

export type FolderConsent =
  /** The CLI: the user typed the folder. */
  | { by: 'command-line'; allowNonEmpty: boolean }
  /** The renderer asked: a grant from the folder dialog, or a native confirmation. */
  | { by: 'renderer' };

export const NONEMPTY_EXPLANATION =
  'Files that OneDrive also has with the same content are kept as they are. A file with the same name but other ' +
  'content is renamed to a conflict copy ("name (conflict date)") and the OneDrive version is written in its place. ' +
  'Files OneDrive does not have are left alone. From then on, files deleted on OneDrive are moved to the trash here.';

const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
const keyOf = (p: string) => (caseInsensitive ? path.resolve(p).toLowerCase() : path.resolve(p));

/** Folders the user picked in the native dialog this session (held by main, never by the renderer). */
export class FolderGrants {
  private readonly keys = new Set<string>();
  grant(folder: string): void {
    this.keys.add(keyOf(folder));
  }
  has(folder: string): boolean {
    return this.keys.has(keyOf(folder));
  }
}

function policyOf(ctx: ServiceContext) {
  return { home: ctx.deps.home ?? os.homedir(), dataDir: ctx.deps.dataDir, platform: process.platform, env: ctx.deps.env };
}

/** Throws bad_input (refused), cancelled (the user said no) or nothing (go ahead). Creates nothing. */
export async function approveLocalRoot(ctx: ServiceContext, localPath: string, consent: FolderConsent): Promise<void> {
  const policy = policyOf(ctx);
  const refuse = (p: string) => {
    const r = checkLocalRoot(p, policy);
    if (!r.ok) throw new AppError('bad_input', r.reason);
  };
  refuse(localPath);
  // A symlink (or a parent that is one) must not lead around the refusals.
  const real = await realpathOfNearest(localPath);
  if (real !== path.resolve(localPath)) refuse(real);

  const entries = await readdir(localPath).catch(() => [] as string[]);
  const nonEmpty = entries.length > 0;
  if (consent.by === 'command-line') {
    if (nonEmpty && !consent.allowNonEmpty) {
      throw new AppError(
        'bad_input',
        `${localPath} already holds files. ${NONEMPTY_EXPLANATION} To mirror into it anyway, add --allow-nonempty; or choose an empty folder.`,
      );
    }
    return;
  }
  if (nonEmpty) return ask(ctx, nonEmptyQuestion(localPath, entries.length));
  if (!ctx.grants.has(localPath)) return ask(ctx, typedFolderQuestion(localPath));
}

/**
 * Before every run: the folder approved at add time may since have been swapped for a symlink (or a parent may
 * have), e.g. into ~/.ssh or the data dir. Where it leads now must still pass the same refusals, or nothing runs.
 */
export async function assertRootStillAllowed(ctx: ServiceContext, localPath: string): Promise<void> {
  const real = await realpathOfNearest(localPath);
  if (real === path.resolve(localPath)) return; // the path itself was checked when it was approved
  const r = checkLocalRoot(real, policyOf(ctx));
  if (!r.ok) {
    throw new AppError(
      'local_missing',
      `The local folder ${localPath} now leads to ${real} (through a symlink), where OneDrive Mirror does not write: ${r.reason} Nothing was changed. Point the sync at another folder.`,
    );
  }
}

async function ask(ctx: ServiceContext, q: ConfirmQuestion): Promise<void> {
  const confirmer = ctx.deps.confirmer;
  if (!confirmer) throw new AppError('bad_input', 'Choose the folder with the Browse button.');
  if (!(await confirmer.confirm(q))) throw new AppError('cancelled', 'Nothing was changed.');
}

function nonEmptyQuestion(folder: string, count: number): ConfirmQuestion {
  return {
    title: 'Mirror into a folder that has files?',
    message: `${folder} already holds ${count} item${count === 1 ? '' : 's'}. Mirror OneDrive into it?`,
    detail: NONEMPTY_EXPLANATION,
    confirmLabel: 'Mirror into this folder',
  };
}

function typedFolderQuestion(folder: string): ConfirmQuestion {
  return {
    title: 'Use this folder?',
    message: `Mirror OneDrive into ${folder}?`,
    detail: 'OneDrive Mirror will create the folder if needed and write the mirrored files into it.',
    confirmLabel: 'Use this folder',
  };
}

/** realpath of the path, or of its nearest existing parent with the rest appended (the folder may not exist yet). */
async function realpathOfNearest(p: string): Promise<string> {
  const resolved = path.resolve(p);
  let head = resolved;
  const tail: string[] = [];
  for (;;) {
    const real = await realpath(head).catch(() => null);
    if (real !== null) return path.join(real, ...tail);
    const parent = path.dirname(head);
    if (parent === head) return resolved;
    tail.unshift(path.basename(head));
    head = parent;
  }
}
