/**
 * What a sync leaves out, for the add and edit dialogs: a tree of the sync's subfolders with a "leave out" box on
 * each (children load when a folder is expanded), gitignore patterns one per line, and a maximum file size.
 */
import { useEffect, useState } from 'react';
import { Button, Checkbox, Field, Input, makeStyles, Spinner, Text, Textarea, tokens } from '@fluentui/react-components';
import type { SourceEntry } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { InlineError } from '../../components/inline-error';
import { isFolderExcluded, toggleFolder, type ExclusionsDraft } from './exclusions-logic';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  fieldset: { border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  tree: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    maxHeight: '180px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  branch: { listStyle: 'none', margin: 0, paddingLeft: tokens.spacingHorizontalXXL },
  row: { display: 'flex', alignItems: 'center' },
  empty: { padding: tokens.spacingVerticalS },
});

export interface ExclusionsFieldsProps {
  profileId: string;
  /** The sync's root folder. */
  driveId: string;
  itemId: string;
  draft: ExclusionsDraft;
  onChange: (draft: ExclusionsDraft) => void;
  errors: { patterns?: string; maxSize?: string };
}

export function ExclusionsFields(props: ExclusionsFieldsProps) {
  const styles = useStyles();
  const { draft, onChange, errors } = props;
  return (
    <div className={styles.root} data-testid="exclusions-fields">
      {/* Not a Field: a Field names every checkbox inside it after its own label. */}
      <fieldset className={styles.fieldset}>
        <legend>
          <Text weight="semibold">Folders to leave out</Text>
        </legend>
        <FolderBranch {...props} folderId={props.itemId} path="" root />
        <Text size={200}>Ticked folders are never downloaded, with everything in them.</Text>
      </fieldset>
      <Field
        label="Leave out names matching (one pattern per line, as in .gitignore)"
        hint="For example *.iso, node_modules/ or /Archive/old-*"
        validationState={errors.patterns ? 'error' : 'none'}
        validationMessage={errors.patterns}
      >
        <Textarea
          value={draft.patterns}
          onChange={(_e, d) => onChange({ ...draft, patterns: d.value })}
          resize="vertical"
          data-testid="exclusions-patterns"
        />
      </Field>
      <Field
        label="Leave out files larger than"
        hint="For example 500MB or 1.5GiB; empty for no limit."
        validationState={errors.maxSize ? 'error' : 'none'}
        validationMessage={errors.maxSize}
      >
        <Input
          value={draft.maxSize}
          onChange={(_e, d) => onChange({ ...draft, maxSize: d.value })}
          data-testid="exclusions-max-size"
        />
      </Field>
    </div>
  );
}

/** One folder's subfolders, fetched when shown. */
function FolderBranch(props: ExclusionsFieldsProps & { folderId: string; path: string; root?: boolean }) {
  const styles = useStyles();
  const { run } = useCommand({ silent: true });
  const [entries, setEntries] = useState<SourceEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const { profileId, driveId, folderId, draft, onChange } = props;

  useEffect(() => {
    let live = true;
    void run('browse:sources', { profileId, request: { kind: 'drive', driveId, itemId: folderId } }).then((result) => {
      if (!live) return;
      if (result.ok) setEntries(result.value.entries.filter((e) => e.isFolder && e.itemId));
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [run, profileId, driveId, folderId]);

  if (error) return <InlineError message={error} />;
  if (entries === null) return <Spinner size="tiny" label="Loading folders…" />;
  const list = (
    <ul
      className={props.root ? styles.tree : styles.branch}
      aria-label={props.root ? 'Subfolders' : `Subfolders of ${props.path}`}
    >
      {entries.length === 0 && props.root && <li className={styles.empty}>No subfolders.</li>}
      {entries.map((e) => {
        const path = props.path ? `${props.path}/${e.name}` : e.name;
        const excluded = isFolderExcluded(draft.folders, e.itemId, path);
        const expanded = open.has(path) && !excluded;
        return (
          <li key={e.itemId}>
            <div className={styles.row}>
              {e.childCount !== 0 ? (
                <Button
                  appearance="transparent"
                  size="small"
                  aria-label={`${expanded ? 'Collapse' : 'Expand'} ${e.name}`}
                  aria-expanded={expanded}
                  disabled={excluded}
                  onClick={() => setOpen((s) => toggled(s, path))}
                >
                  {expanded ? '▾' : '▸'}
                </Button>
              ) : (
                <Button appearance="transparent" size="small" disabled aria-hidden tabIndex={-1}>
                  {' '}
                </Button>
              )}
              <Checkbox
                label={`Leave out ${e.name}`}
                checked={excluded}
                onChange={(_ev, d) =>
                  onChange({ ...draft, folders: toggleFolder(draft.folders, { id: e.itemId, path }, d.checked === true) })
                }
                data-testid="exclude-folder"
              />
            </div>
            {expanded && <FolderBranch {...props} folderId={e.itemId!} path={path} root={false} />}
          </li>
        );
      })}
    </ul>
  );
  return list;
}

function toggled(s: Set<string>, key: string): Set<string> {
  const next = new Set(s);
  if (!next.delete(key)) next.add(key);
  return next;
}
