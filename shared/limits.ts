/**
 * Plain numbers the renderer needs at run time. No zod here: importing the contract's schemas into the page makes
 * zod probe `new Function`, which the strict CSP (no 'unsafe-eval') reports as a violation.
 */

/** The most files the big-delete setting may name. */
export const BIG_DELETE_FILES_MAX = 1_000_000;
