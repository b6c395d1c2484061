/** Add sync: pick an account, browse to a folder or file, choose the local folder and interval, confirm. */
import { useCallback, useState, type FormEvent } from 'react';
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
  Select,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { DriveItemView, ProfileView } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { InlineError } from '../../components/inline-error';
import { IntervalField, intervalError } from '../../components/interval-field';
import { LocalPathField } from '../../components/local-path-field';
import { localPathError } from '../../lib/paths';
import { DriveBrowser } from './drive-browser';
import { SourceBrowser, type SourcePick } from './source-browser';

type Section = 'mine' | 'shared' | 'sites';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
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
  const onSelect = useCallback(
    (item: DriveItemView | null) =>
      setSelection(item ? { driveId: item.driveId, itemId: item.id, label: item.path || '/', kind: item.kind === 'file' ? 'file' : 'folder' } : null),
    [],
  );
  const onPick = useCallback((pick: SourcePick | null) => setSelection(pick), []);
  const profile = props.profiles.find((p) => p.id === profileId);
  const work = profile?.drive?.driveType !== 'personal';

  const pathError = localPathError(localPath);
  const minutesError = intervalError(interval);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!selection || pathError || minutesError || !profileId) return;
    const result = await run('sync:add', {
      profileId,
      driveId: selection.driveId,
      itemId: selection.itemId,
      localPath: localPath.trim(),
      intervalMinutes: Number(interval),
    });
    if (result.ok) props.onClose();
    // Declined in main's confirmation dialog: the user said no there, nothing to report.
    else if (result.error.code !== 'cancelled') setError(result.error.message);
  };

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
                <SourceBrowser key={`${profileId}:${section}`} profileId={profileId} section={section} onSelect={onPick} />
              )}
              <Text weight="semibold" data-testid="add-sync-selection" aria-live="polite">
                {selection ? `Selected: ${selection.label} (${selection.kind})` : 'Open a folder or pick a file to sync.'}
              </Text>
              <LocalPathField label="Local folder" value={localPath} onChange={setLocalPath} error={submitted ? pathError : null} />
              <IntervalField value={interval} onChange={setMinutes} error={submitted ? minutesError : null} />
            </DialogContent>
            <DialogActions>
              <Button onClick={props.onClose}>Cancel</Button>
              <Button type="submit" appearance="primary" disabled={pending || !selection} data-testid="add-sync-confirm">
                Add sync
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
