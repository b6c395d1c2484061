/**
 * Plain numbers the renderer needs at run time. No zod here: importing the contract's schemas into the page makes
 * zod probe `new Function`, which the strict CSP (no 'unsafe-eval') reports as a violation.
 */

/** The most files the big-delete setting may name. */
export const BIG_DELETE_FILES_MAX = 1_000_000;

/** The most gitignore patterns a sync's exclusions may hold, and the longest one. */
export const MAX_EXCLUSION_PATTERNS = 200;
export const MAX_PATTERN_LENGTH = 500;

/** Battery below this share pauses background runs (when the setting is on). */
export const LOW_BATTERY_PERCENT = 20;
