import { act, screen, within } from '@testing-library/react';

/**
 * Waits for a dialog and puts focus inside it, as Fluent does in a real browser. In happy-dom (no layout) Fluent
 * cannot find a focusable field, focus stays on the surface, and its focus manager then marks the dialog
 * aria-hidden, hiding it from role queries.
 */
export async function findDialog(testId: string) {
  const dialog = await screen.findByTestId(testId);
  const first = dialog.querySelector<HTMLElement>(
    'input, button:not([disabled]), select, [tabindex="0"]:not([data-tabster-dummy])',
  );
  act(() => first?.focus());
  return { dialog, inDialog: within(dialog) };
}
