/** Plain messages and the one fixing action for each error code. Imports only our model. */
import type { ErrorAction, ErrorCode } from './model';

export const errorActions: Record<ErrorCode, ErrorAction> = {
  reconnect_required: 'reconnect',
  offline: 'retry',
  throttled: 'retry',
  remote_missing: 'none',
  local_missing: 'locate_folder',
  disk_full: 'retry',
  access_denied: 'reconnect',
  confirm_deletes: 'review_deletions',
  bad_input: 'none',
  not_found: 'none',
  not_configured: 'none',
  cancelled: 'retry',
  timeout: 'retry',
  locked: 'none',
  source_gone: 'source_gone',
  consent_required: 'none',
  untrusted_certificate: 'retry',
  internal: 'retry',
};

export const errorMessages: Record<ErrorCode, string> = {
  reconnect_required: 'Microsoft asked to sign in again. Reconnect the account to resume syncing.',
  offline: 'OneDrive could not be reached. Syncing will retry automatically.',
  throttled: 'OneDrive asked us to slow down. Syncing will retry automatically.',
  remote_missing: 'The OneDrive folder or file no longer exists or was moved out of reach.',
  local_missing: 'The local folder is missing (is the disk unplugged?). Nothing was changed.',
  disk_full: 'Not enough free disk space to download the next file.',
  access_denied: 'Access to this OneDrive item was denied.',
  confirm_deletes: 'This sync wants to move many files to the trash. Review the deletions to continue.',
  bad_input: 'The request was not valid.',
  not_found: 'Not found.',
  not_configured: 'Set up the app registration first.',
  cancelled: 'Cancelled.',
  timeout: 'Timed out.',
  locked: 'Another OneDrive Mirror instance owns this data folder.',
  source_gone: 'This folder is no longer shared with you or no longer exists. Your files were kept.',
  consent_required: 'Browsing SharePoint sites needs the Sites.Read.All permission: sign in again to grant it.',
  untrusted_certificate:
    'The secure connection to Microsoft was refused: its certificate is not trusted. Is a proxy or antivirus inspecting HTTPS, or is the clock wrong?',
  internal: 'Something went wrong. Syncing will retry.',
};

/** Codes that are worth retrying automatically with backoff. */
export const transientCodes: ReadonlySet<ErrorCode> = new Set(['offline', 'throttled', 'timeout', 'internal']);
