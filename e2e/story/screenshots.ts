/** Screenshots of the app in light and dark, saved by the suite under test-results/screenshots/. */
import path from 'node:path';
import type { Page } from '@playwright/test';

const dir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

async function settle(page: Page): Promise<void> {
  // Two animation frames: the theme switch and any layout it causes are painted.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Saves `<name>-light.png` and `<name>-dark.png` (or only light), leaving the page in light mode. */
export async function screenshotBoth(page: Page, name: string, options: { darkToo?: boolean } = {}): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await settle(page);
  await page.screenshot({ path: path.join(dir, `${name}-light.png`), animations: 'disabled', caret: 'hide' });
  if (options.darkToo === false) return;
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await settle(page);
  await page.screenshot({ path: path.join(dir, `${name}-dark.png`), animations: 'disabled', caret: 'hide' });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await settle(page);
}
