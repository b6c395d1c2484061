/** Exit codes of the CLI contract (architecture.md): scripts rely on them. */
import type { ErrorCode } from '../../shared/model';

export const EXIT_OK = 0;
export const EXIT_SYNC_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_SIGN_IN = 3;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'reconnect_required':
      return EXIT_SIGN_IN;
    case 'bad_input':
    case 'not_found':
    case 'not_configured':
    case 'locked':
      return EXIT_BAD_INPUT;
    default:
      return EXIT_SYNC_FAILED;
  }
}
