/** Browse one profile's OneDrive: crumbs, a filter for the current folder, folders to open and files to pick. */
import { useEffect, useState } from 'react';
import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Field,
  makeStyles,
  SearchBox,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { DriveItemView } from '../../../../shared/model';
import { InlineError } from '../../components/inline-error';
import { FileIcon, FolderIcon } from '../../components/item-icons';
import { crumbTrail, describeSize, displayName, filterItems, sortItems } from './browse-logic';
import { useDriveFolders } from './use-drive-folders';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    height: '260px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, paddingRight: tokens.spacingHorizontalS },
  name: { flex: 1, justifyContent: 'flex-start', minWidth: 0, textAlign: 'left' },
  size: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  empty: { padding: tokens.spacingVerticalM },
});

export function DriveBrowser({ profileId, onSelect }: { profileId: string; onSelect: (item: DriveItemView | null) => void }) {
  const styles = useStyles();
  const folders = useDriveFolders(profileId);
  const [query, setQuery] = useState('');
  const [pickedFile, setPickedFile] = useState<DriveItemView | null>(null);
  const listing = folders.listing;
  // What gets synced: the picked file, else the folder being shown.
  const selection = pickedFile ?? listing?.folder ?? null;

  useEffect(() => onSelect(selection), [onSelect, selection]);

  const openFolder = (itemId: string | null) => {
    setQuery('');
    setPickedFile(null);
    folders.open(itemId);
  };

  const pickFile = (item: DriveItemView) => setPickedFile((picked) => (picked?.id === item.id ? null : item));

  const items = listing ? filterItems(sortItems(listing.items), query) : [];
  const trail = listing ? crumbTrail(listing.breadcrumbs, listing.folder) : [];

  return (
    <div className={styles.root} data-testid="drive-browser">
      {trail.length > 0 && (
        <Breadcrumb aria-label="Folder path" data-testid="browse-breadcrumbs">
          {trail.map((crumb, i) => (
            <BrowseCrumb
              key={crumb.id}
              label={displayName(crumb, i === 0)}
              current={i === trail.length - 1}
              last={i === trail.length - 1}
              onClick={() => openFolder(i === 0 ? null : crumb.id)}
            />
          ))}
        </Breadcrumb>
      )}
      <Field label="Filter this folder">
        <SearchBox value={query} onChange={(_e, d) => setQuery(d.value)} data-testid="browse-search" />
      </Field>
      <InlineError message={folders.error} />
      {folders.error && <Button onClick={folders.retry}>Try again</Button>}
      {folders.loading && <Spinner size="small" label="Loading folder…" />}
      {listing && !folders.loading && (
        <ul className={styles.list} aria-label="Items in this folder" data-testid="browse-list">
          {items.length === 0 && (
            <li className={styles.empty}>
              <Text>{query ? 'Nothing here matches the filter.' : 'This folder is empty.'}</Text>
            </li>
          )}
          {items.map((item) => (
            <li key={item.id} className={styles.item}>
              {item.kind === 'folder' ? (
                <Button
                  appearance="subtle"
                  className={styles.name}
                  icon={<FolderIcon />}
                  onClick={() => openFolder(item.id)}
                  data-testid="browse-folder"
                >
                  {item.name}
                </Button>
              ) : (
                <Button
                  appearance={pickedFile?.id === item.id ? 'primary' : 'subtle'}
                  aria-pressed={pickedFile?.id === item.id}
                  className={styles.name}
                  icon={<FileIcon />}
                  onClick={() => pickFile(item)}
                  data-testid="browse-file"
                >
                  {item.name}
                </Button>
              )}
              <span className={styles.size}>{describeSize(item)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function BrowseCrumb(props: { label: string; current: boolean; last: boolean; onClick: () => void }) {
  return (
    <>
      <BreadcrumbItem>
        <BreadcrumbButton current={props.current} onClick={props.onClick}>
          {props.label}
        </BreadcrumbButton>
      </BreadcrumbItem>
      {!props.last && <BreadcrumbDivider />}
    </>
  );
}
