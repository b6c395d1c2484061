/**
 * Browse beyond My files: "Shared with me" (folders added to My files, or a pasted sharing link) and "Sites"
 * (followed sites, a search, a site's libraries), then the folders inside any of them. Each level is fetched when
 * opened (lazy); breadcrumbs go back; every row is a button (Tab / Enter). Sites need Sites.Read.All: the first
 * time, the user is offered to grant it (a sign-in of the same account).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Input,
  makeStyles,
  SearchBox,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { CommandInput, CommandOutput } from '../../../../shared/ipc';
import type { SourceEntry } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { InlineError } from '../../components/inline-error';
import { FileIcon, FolderIcon } from '../../components/item-icons';

type Request = CommandInput<'browse:sources'>['request'];
type Listing = CommandOutput<'browse:sources'>;

/** What the add-sync dialog mirrors: a drive and item, named readably. */
export interface SourcePick {
  driveId: string;
  itemId: string;
  label: string;
  kind: 'folder' | 'file';
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    height: '240px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  name: { width: '100%', justifyContent: 'flex-start', textAlign: 'left' },
  owner: { color: tokens.colorNeutralForeground3, marginLeft: tokens.spacingHorizontalS },
  empty: { padding: tokens.spacingVerticalM },
});

/** Where a click on an entry leads, or null when it is picked instead (a file). */
export function nextRequest(entry: SourceEntry): Request | null {
  if (entry.kind === 'site' && entry.siteId) return { kind: 'site', siteId: entry.siteId };
  if (entry.kind === 'library' && entry.driveId) return { kind: 'drive', driveId: entry.driveId };
  if (entry.isFolder && entry.driveId && entry.itemId) return { kind: 'drive', driveId: entry.driveId, itemId: entry.itemId };
  return null;
}

export function SourceBrowser(props: {
  profileId: string;
  section: 'shared' | 'sites';
  onSelect: (pick: SourcePick | null) => void;
}) {
  const styles = useStyles();
  const { run } = useCommand({ silent: true });
  const root: Request = props.section === 'shared' ? { kind: 'shared' } : { kind: 'sites', search: null };
  const [stack, setStack] = useState<Array<{ label: string; request: Request }>>([
    { label: props.section === 'shared' ? 'Shared with me' : 'Sites', request: root },
  ]);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<SourcePick | null>(null);
  const top = stack[stack.length - 1]!;
  const { onSelect } = props;

  useEffect(() => {
    let live = true;
    // The old level's folder must not stay the selection under the new level's name while this one loads.
    setListing(null);
    setLoading(true);
    setError(null);
    void run('browse:sources', { profileId: props.profileId, request: top.request }).then((result) => {
      if (!live) return;
      setLoading(false);
      if (result.ok) setListing(result.value);
      else {
        setListing(null);
        setError(result.error);
      }
    });
    return () => {
      live = false;
    };
  }, [run, props.profileId, top.request, attempt]);

  // The folder being shown is the selection unless a file was picked in it.
  const folder = listing?.folder;
  const trail = stack.map((s) => s.label);
  const shown: SourcePick | null =
    picked ??
    (folder?.driveId && folder.itemId && folder.isFolder
      ? {
          driveId: folder.driveId,
          itemId: folder.itemId,
          label: trail.slice(1).join(' > ') || folder.name,
          kind: 'folder',
        }
      : null);
  // Told again only when what is shown changes (a new object each render must not loop through the parent).
  const shownKey = shown ? [shown.driveId, shown.itemId, shown.label, shown.kind].join('\0') : '';
  const shownRef = useRef(shown);
  shownRef.current = shown;
  useEffect(() => onSelect(shownRef.current), [onSelect, shownKey]);

  const go = (label: string, request: Request) => {
    setPicked(null);
    setStack((s) => [...s, { label, request }]);
  };
  const back = (depth: number) => {
    setPicked(null);
    setStack((s) => s.slice(0, depth + 1));
  };
  const open = (entry: SourceEntry) => {
    const next = nextRequest(entry);
    if (next) return go(entry.name, next);
    if (entry.driveId && entry.itemId)
      setPicked({
        driveId: entry.driveId,
        itemId: entry.itemId,
        label: [...trail.slice(1), entry.name].join(' > '),
        kind: 'file',
      });
  };
  const submitText = () => {
    const value = text.trim();
    if (props.section === 'shared') {
      if (value) setStack([stack[0]!, { label: 'Link', request: { kind: 'link', url: value } }]);
    } else
      setStack([
        {
          label: value ? `Sites matching "${value}"` : 'Sites',
          request: { kind: 'sites', search: value || null },
        },
      ]);
  };
  // Arrow keys move between rows, Home/End to the ends, Backspace goes up one level (Tab and Enter work as usual).
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const rows = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-testid="source-entry"]')];
    const at = rows.indexOf(document.activeElement as HTMLButtonElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: rows.length - 1 }[e.key];
    if (to !== undefined && rows.length > 0) {
      e.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, to))]!.focus();
    } else if (e.key === 'Backspace' && stack.length > 1) {
      e.preventDefault();
      back(stack.length - 2);
    }
  };
  const grant = async () => {
    const result = await run('profile:grantSites', { id: props.profileId });
    if (result.ok) setAttempt((n) => n + 1);
    else setError(result.error);
  };

  return (
    <div className={styles.root} data-testid={`source-browser-${props.section}`}>
      <div className={styles.row}>
        {props.section === 'shared' ? (
          <Input
            aria-label="Sharing link"
            placeholder="Paste a sharing link"
            value={text}
            onChange={(_e, d) => setText(d.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), submitText())}
            data-testid="source-link"
          />
        ) : (
          <SearchBox
            aria-label="Search sites"
            placeholder="Search sites"
            value={text}
            onChange={(_e, d) => setText(d.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), submitText())}
            data-testid="source-search"
          />
        )}
        <Button onClick={submitText}>{props.section === 'shared' ? 'Open link' : 'Search'}</Button>
      </div>
      <Breadcrumb aria-label="Where you are">
        {stack.map((s, i) => (
          <span key={i} style={{ display: 'contents' }}>
            {i > 0 && <BreadcrumbDivider />}
            <BreadcrumbItem>
              <BreadcrumbButton current={i === stack.length - 1} onClick={() => back(i)}>
                {s.label}
              </BreadcrumbButton>
            </BreadcrumbItem>
          </span>
        ))}
      </Breadcrumb>
      {error?.code === 'consent_required' ? (
        <div>
          <Text block>Browsing SharePoint sites needs your permission to read sites (Sites.Read.All).</Text>
          <Button appearance="primary" onClick={() => void grant()} data-testid="grant-sites">
            Allow access to sites
          </Button>
        </div>
      ) : (
        <InlineError message={error?.message ?? null} />
      )}
      {loading ? (
        <Spinner size="small" label="Loading" />
      ) : (
        <ul className={styles.list} aria-label={listing?.title ?? 'Items'} onKeyDown={onListKey} data-testid="source-list">
          {listing && listing.entries.length === 0 && (
            <li className={styles.empty}>
              <Text>
                {stack.length > 1
                  ? 'This folder is empty.'
                  : props.section === 'shared'
                    ? 'Nothing shared with you was added to My files. Paste a sharing link above.'
                    : 'You follow no sites. Search for one above.'}
              </Text>
            </li>
          )}
          {listing?.entries.map((e) => (
            <li key={`${e.driveId ?? e.siteId}:${e.itemId ?? e.name}`}>
              <Button
                appearance="subtle"
                className={styles.name}
                icon={e.isFolder ? <FolderIcon /> : <FileIcon />}
                aria-pressed={picked?.itemId === e.itemId && !e.isFolder ? true : undefined}
                onClick={() => open(e)}
                data-testid="source-entry"
              >
                {e.name}
                {e.owner && <span className={styles.owner}>{e.kind === 'shared' ? `shared by ${e.owner}` : e.owner}</span>}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
