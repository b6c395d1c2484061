import type { AuthState, DriveType } from '../../../../shared/model';

export const driveTypeLabels: Record<DriveType, string> = {
  personal: 'OneDrive (personal)',
  business: 'OneDrive for work or school',
  documentLibrary: 'SharePoint document library',
};

export const authStateLabels: Record<AuthState, string> = {
  signed_out: 'Not connected',
  connected: 'Connected',
  reconnect_required: 'Reconnect needed',
};
