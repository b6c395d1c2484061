/**
 * The renderer's Content-Security-Policy, defined once. Main's app:// protocol and the e2e bridge send it as a
 * header; the renderer build writes it into index.html's meta tag (vite.config.ts), so the page carries the
 * same policy however it is served.
 */

/**
 * sha256 of the empty string. Fluent UI's CSS-in-JS (Griffel, and FluentProvider's theme variables) creates
 * EMPTY <style> elements and fills them with CSSStyleSheet.insertRule, which CSP does not govern. Without
 * 'unsafe-inline' Chromium gives a <style> element a sheet only if its text matches a hash: the empty one
 * matches this, while a <style> with text (what an HTML injection would add) and style="" attributes do not.
 */
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

const directives: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', `'self' ${EMPTY_STYLE_HASH}`],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
  ['frame-src', "'none'"],
  ['worker-src', "'self'"],
];

const join = (list: readonly (readonly [string, string])[]) => list.map(([name, value]) => `${name} ${value}`).join('; ');

/** Strict: only our own scripts, no eval, no inline script or style, no plugins, no framing, no foreign connects. */
export const contentSecurityPolicy = join(directives);

/** The same policy for the meta tag, minus frame-ancestors, which a meta tag cannot deliver (browsers ignore it). */
export const metaContentSecurityPolicy = join(directives.filter(([name]) => name !== 'frame-ancestors'));
