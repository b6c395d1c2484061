/**
 * Add sync: pick an account, browse to a folder or file, choose the local folder and interval, optionally what to
 * leave out, then confirm. Adding first previews the first run (files, bytes, free space after; nothing written)
 * and refuses, with the figures, when the disk cannot hold it.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { DriveItemView, Exclusions, ProfileView, SyncPreview } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { InlineError } from '../../components/inline-error';
import { IntervalField, intervalError } from '../../components/interval-field';
import { LocalPathField } from '../../components/local-path-field';
import { localPathError } from '../../lib/paths';
import { DriveBrowser } from './drive-browser';
import { SourceBrowser, type SourcePick } from './source-browser';
import { ExclusionsFields } from './exclusions-fields';
import { describePreview, exclusionCount, exclusionsLabel, readExclusionsDraft, type ExclusionsDraft } from './exclusions-logic';

const emptyDraft: ExclusionsDraft = { folders: [], patterns: '', maxSize: '' };

/** The preview of one set of inputs (a change of any of them makes it stale). */
type Checked = { key: string; preview: SyncPreview } | { key: string; error: string };

type Section = 'mine' | 'shared' | 'sites';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

export function AddSyncDialog(props: { profiles: ProfileView[]; defaultInterval: number; onClose: () => void }) {
  const styles = useStyles();
  const { run, pending } = useCommand({ silent: true });
  const [profileId, setProfileId] = useState(props.profiles[0]?.id ?? '');
  const [section, setSection] = useState<Section>('mine');
  const [selection, setSelection] = useState<SourcePick | null>(null);
  const [localPath, setLocalPath] = useState('');
  const [interval, setMinutes] = useState(String(props.defaultInterval));
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showExclusions, setShowExclusions] = useState(false);
  const [draft, setDraft] = useState<ExclusionsDraft>(emptyDraft);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [previewing, setPreviewing] = useState(false);
  // Ticked folders belong to the folder they were ticked in: another selection starts with none.
  const selectionKey = selection ? `${selection.driveId}:${selection.itemId}` : '';
  useEffect(() => setDraft((d) => (d.folders.length ? { ...d, folders: [] } : d)), [selectionKey]);
  const onSelect = useCallback(
    (item: DriveItemView | null) =>
      setSelection(
        item
          ? { driveId: item.driveId, itemId: item.id, label: item.path || '/', kind: item.kind === 'file' ? 'file' : 'folder' }
          : null,
      ),
    [],
  );
  const profile = props.profiles.find((p) => p.id === profileId);
  const work = profile?.drive?.driveType !== 'personal';

  const pathError = localPathError(localPath);
  const minutesError = intervalError(interval);
  const folderPicked = selection?.kind === 'folder';
  const read = readExclusionsDraft(folderPicked ? draft : emptyDraft);
  const exclusions: Exclusions | undefined = read.exclusions && exclusionCount(read.exclusions) > 0 ? read.exclusions : undefined;
  const target =
    selection && profileId && !pathError && read.exclusions
      ? {
          profileId,
          driveId: selection.driveId,
          itemId: selection.itemId,
          localPath: localPath.trim(),
          ...(exclusions ? { exclusions } : {}),
        }
      : null;
  const key = target ? JSON.stringify(target) : '';
  const current = checked?.key === key ? checked : null;

  /** What the first run would download, with these exclusions, into this folder; nothing is written. */
  const preview = async (): Promise<Checked | null> => {
    if (!target) return null;
    setPreviewing(true);
    const result = await run('sync:preview', target);
    setPreviewing(false);
    const next: Checked = result.ok ? { key, preview: result.value } : { key, error: result.error.message };
    setChecked(next);
    return next;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!read.exclusions) setShowExclusions(true);
    if (!target || minutesError) return;
    setError(null);
    let check = current;
    if (!check) {
      check = await preview();
      // A preview that failed is shown once; adding again goes ahead without it.
      if (!check || 'error' in check) return;
    }
    if ('preview' in check && !describePreview(check.preview).fits) return;
    const result = await run('sync:add', { ...target, intervalMinutes: Number(interval) });
    if (result.ok) props.onClose();
    // Declined in main's confirmation dialog: the user said no there, nothing to report.
    else if (result.error.code !== 'cancelled') setError(result.error.message);
  };
  const figures = current && 'preview' in current ? describePreview(current.preview) : null;

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && props.onClose()}>
      <DialogSurface className={styles.surface} data-testid="add-sync-dialog">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>Add sync</DialogTitle>
            <DialogContent className={styles.content}>
              <InlineError message={error} />
              {props.profiles.length > 1 ? (
                <Field label="Account">
                  <Select value={profileId} onChange={(_e, d) => setProfileId(d.value)} data-testid="add-sync-profile">
                    {props.profiles.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                        {p.account ? ` (${p.account.username})` : ''}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : (
                <Text>Account: {props.profiles[0]?.name ?? 'none connected'}</Text>
              )}
              <TabList
                selectedValue={section}
                onTabSelect={(_e, d) => {
                  setSelection(null);
                  setSection(d.value as Section);
                }}
                aria-label="Where to browse"
              >
                <Tab value="mine" data-testid="section-mine">
                  My files
                </Tab>
                <Tab value="shared" data-testid="section-shared">
                  Shared with me
                </Tab>
                {work && (
                  <Tab value="sites" data-testid="section-sites">
                    Sites
                  </Tab>
                )}
              </TabList>
              {profileId && section === 'mine' && <DriveBrowser key={profileId} profileId={profileId} onSelect={onSelect} />}
              {profileId && section !== 'mine' && (
                <SourceBrowser key={`${profileId}:${section}`} profileId={profileId} section={section} onSelect={setSelection} />
              )}
              <Text weight="semibold" data-testid="add-sync-selection" aria-live="polite">
                {selection ? `Selected: ${selection.label} (${selection.kind})` : 'Open a folder or pick a file to sync.'}
              </Text>
              <LocalPathField
                label="Local folder"
                value={localPath}
                onChange={setLocalPath}
                error={submitted ? pathError : null}
              />
              <IntervalField value={interval} onChange={setMinutes} error={submitted ? minutesError : null} />
              {folderPicked && (
                <div className={styles.row}>
                  <Button
                    appearance="subtle"
                    aria-expanded={showExclusions}
                    onClick={() => setShowExclusions((v) => !v)}
                    data-testid="add-sync-exclusions-toggle"
                  >
                    {showExclusions ? 'Hide what to leave out' : 'Leave out folders, names or big files…'}
                  </Button>
                  {read.exclusions && <Text>{exclusionsLabel(read.exclusions) ?? 'Nothing left out.'}</Text>}
                </div>
              )}
              {folderPicked && showExclusions && selection && profileId && (
                <ExclusionsFields
                  key={`${selection.driveId}:${selection.itemId}`}
                  profileId={profileId}
                  driveId={selection.driveId}
                  itemId={selection.itemId}
                  draft={draft}
                  onChange={setDraft}
                  errors={read.errors}
                />
              )}
              <div className={styles.row}>
                <Button disabled={!target || previewing} onClick={() => void preview()} data-testid="add-sync-preview">
                  Preview
                </Button>
                {previewing && <Spinner size="tiny" label="Checking what the first sync will download…" />}
              </div>
              {figures && (
                <MessageBar intent={figures.fits ? 'info' : 'error'} layout="multiline" data-testid="add-sync-preview-result">
                  <MessageBarBody>{figures.text}</MessageBarBody>
                </MessageBar>
              )}
              {current && 'error' in current && (
                <MessageBar intent="warning" layout="multiline" data-testid="add-sync-preview-result">
                  <MessageBarBody>
                    Could not preview this sync: {current.error} Add sync again to add it without a preview.
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={props.onClose}>Cancel</Button>
              <Button
                type="submit"
                appearance="primary"
                disabled={pending || previewing || !selection || figures?.fits === false}
                data-testid="add-sync-confirm"
              >
                Add sync
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
