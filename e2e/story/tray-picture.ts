/**
 * A picture of the tray menu for the README, drawn from the SAME menu model the app gives Electron
 * (`buildTrayMenu` in main/app/tray-menu.ts) over the story's live state: if the menu changes, the picture does.
 * Rendered as plain HTML in its own page and screenshotted; submenus are drawn open beside their item.
 */
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import type { AppState } from '../../shared/model';
import { buildTrayMenu, type TrayMenuItem } from '../../main/app/tray-menu';

const dir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function menuHtml(items: TrayMenuItem[], openSubmenu: string | null): string {
  const rows = items.map((item) => {
    if (item.type === 'separator') return '<li class="sep" role="separator"></li>';
    const disabled = item.enabled === false ? ' disabled' : '';
    const check = item.type === 'checkbox' ? (item.checked ? '✓' : '') : '';
    const arrow = item.type === 'submenu' ? '<span class="arrow">▸</span>' : '';
    const sub =
      item.type === 'submenu' && item.id === openSubmenu && item.submenu
        ? `<div class="sub">${menuHtml(item.submenu, null)}</div>`
        : '';
    const open = sub ? ' open' : '';
    return `<li class="item${disabled}${open}"><span class="check">${check}</span><span class="label">${escape(item.label ?? '')}</span>${arrow}${sub}</li>`;
  });
  return `<ul class="menu">${rows.join('')}</ul>`;
}

const css = `
  body { margin: 0; padding: 16px; font: 13px system-ui, "Segoe UI", Cantarell, sans-serif; background: #dfe3e8; }
  .menu { list-style: none; margin: 0; padding: 4px 0; width: 260px; background: #fff; color: #1f1f1f;
          border: 1px solid #c8c8c8; border-radius: 6px; box-shadow: 0 6px 18px rgba(0,0,0,.18); }
  .item { position: relative; display: flex; align-items: center; height: 26px; padding: 0 10px 0 4px; }
  .item.open { background: #e5eefb; }
  .item.disabled { color: #8a8a8a; }
  .check { width: 22px; text-align: center; }
  .label { flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .arrow { color: #555; }
  .sep { height: 1px; margin: 4px 0; background: #e1e1e1; }
  .sub { position: absolute; left: 252px; top: -5px; }
  #shot { display: inline-block; padding: 8px 280px 8px 8px; }
`;

/** Saves `<name>-light.png`: the tray menu for `state`, with the "Pause syncing" submenu open. */
export async function screenshotTrayMenu(context: BrowserContext, state: AppState, name: string): Promise<void> {
  const items = buildTrayMenu(state, { now: Date.now(), formatTime: (ms) => new Date(ms).toISOString().slice(11, 16) });
  const page = await context.newPage();
  try {
    await page.setContent(
      `<!doctype html><html><head><style>${css}</style></head><body><div id="shot">${menuHtml(items, 'pause')}</div></body></html>`,
    );
    await page.locator('#shot').screenshot({ path: path.join(dir, `${name}-light.png`) });
  } finally {
    await page.close();
  }
}
