/**
 * Runs axe over the page as it is now, in light and in dark, and reports violations by impact. Light gets every
 * rule of the tags below; dark only the rules whose answer depends on colours (the DOM, names, roles and focus
 * order are the same in both schemes), which halves the time a screen costs on a slow machine.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export interface AxeFinding {
  screen: string;
  scheme: 'light' | 'dark';
  rule: string;
  impact: string;
  help: string;
  targets: string[];
  /** The first offending element's HTML, shortened. */
  html: string;
}

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const colourRules = ['color-contrast', 'link-in-text-block'];

/** How long each axe run took, per screen and scheme (printed by the spec, to size its budgets). */
export const axeTimings: { screen: string; scheme: 'light' | 'dark'; ms: number }[] = [];

export async function axeFindings(page: Page, screen: string): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
    const started = Date.now();
    const builder = new AxeBuilder({ page });
    const result = await (scheme === 'light' ? builder.withTags(tags) : builder.withRules(colourRules)).analyze();
    axeTimings.push({ screen, scheme, ms: Date.now() - started });
    for (const v of result.violations) {
      const nodes = v.nodes.filter((n) => !isTabsterFocusBumper(v.id, n.html));
      if (nodes.length === 0) continue;
      findings.push({
        screen,
        scheme,
        rule: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        targets: nodes.map((n) => n.target.join(' ')),
        html: (nodes[0]?.html ?? '').slice(0, 200),
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  return findings;
}

/**
 * Fluent UI's focus manager (tabster) puts `<i data-tabster-dummy tabindex=0 aria-hidden=true>` bumpers around
 * focus groups: hidden from screen readers on purpose, they pass focus on the moment they get it. A documented
 * false positive of aria-hidden-focus (microsoft/tabster#288); Accessibility Insights suppresses it the same way
 * (microsoft/accessibility-insights-web#7605). Only these nodes are dropped, never the rule.
 */
function isTabsterFocusBumper(rule: string, html: string): boolean {
  return rule === 'aria-hidden-focus' && /^<i\b[^>]*\bdata-tabster-dummy\b/.test(html);
}

export function isBlocking(f: AxeFinding): boolean {
  return f.impact === 'serious' || f.impact === 'critical';
}

export function describeFinding(f: AxeFinding): string {
  return `[${f.impact}] ${f.screen} (${f.scheme}) ${f.rule}: ${f.help} -> ${f.targets.slice(0, 5).join(' | ')} ${f.html}`;
}
