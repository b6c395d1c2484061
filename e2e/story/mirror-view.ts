// What the story specs look at: the files of a mirror on disk and a sync's card on the page.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';

/** Local files of the mirror, as sorted relative paths with forward slashes. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export function syncRow(page: Page, name: string): Locator {
  return page.getByRole('region', { name: `Sync ${name}` });
}
