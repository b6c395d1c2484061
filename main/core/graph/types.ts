/** Wire types of the Graph drive API, as much as we read. Nothing here decides anything. */

export interface ItemReference {
  driveId?: string;
  driveType?: string;
  id?: string;
  path?: string;
  name?: string;
}

export interface DriveItem {
  id: string;
  name?: string;
  eTag?: string;
  cTag?: string;
  size?: number;
  lastModifiedDateTime?: string;
  parentReference?: ItemReference;
  file?: { mimeType?: string; hashes?: { quickXorHash?: string; sha1Hash?: string; sha256Hash?: string } };
  folder?: { childCount?: number };
  package?: { type?: string };
  root?: Record<string, never>;
  deleted?: { state?: string };
  /** Set on shortcuts to items of another drive (shared folders added to My files, search results). */
  remoteItem?: RemoteItemFacet;
  webUrl?: string;
  shared?: { owner?: { user?: { displayName?: string } } };
  fileSystemInfo?: { lastModifiedDateTime?: string };
  '@microsoft.graph.downloadUrl'?: string;
}

export interface RemoteItemFacet {
  id: string;
  name?: string;
  size?: number;
  webUrl?: string;
  parentReference?: ItemReference;
  folder?: { childCount?: number };
  file?: { mimeType?: string };
  shared?: { owner?: { user?: { displayName?: string } }; sharedBy?: { user?: { displayName?: string } } };
  createdBy?: { user?: { displayName?: string } };
}

export interface Site {
  id: string;
  name?: string;
  displayName?: string;
  webUrl?: string;
}

export interface DrivePage {
  value: DriveItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface Drive {
  id: string;
  driveType: 'personal' | 'business' | 'documentLibrary';
  name?: string;
  webUrl?: string;
  owner?: { user?: { displayName?: string; id?: string } };
  quota?: { total: number; used: number; remaining: number; deleted?: number; state?: string };
}

export interface User {
  id: string;
  displayName?: string;
  userPrincipalName?: string;
  mail?: string | null;
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError?: Record<string, string>;
    innererror?: Record<string, string>;
  };
}
