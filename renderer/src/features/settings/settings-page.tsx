/** Preferences, the app registration and the way to the logs. */
import { useState, type FormEvent } from 'react';
import { Button, Field, Input, makeStyles, Switch, Text, tokens } from '@fluentui/react-components';
import { LOW_BATTERY_PERCENT } from '../../../../shared/limits';
import { useAppState } from '../../api/use-app-state';
import { useCommand } from '../../api/use-command';
import { CloudForm } from '../setup/cloud-form';
import { AdvancedRegistration } from './advanced-registration';
import {
  settingsForm,
  validateSettingsForm,
  type NumberField,
  type SettingsFormValues,
  type SwitchField,
} from './settings-form-logic';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '640px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  section: { margin: 0 },
});

const numberFields: Array<{ key: NumberField; label: string; hint: string }> = [
  { key: 'defaultIntervalMinutes', label: 'Default sync interval (minutes)', hint: 'Used for new syncs.' },
  {
    key: 'parallelDownloads',
    label: 'Parallel downloads',
    hint: 'Files downloaded at the same time, 1 to 16. From 4 up it is where each account starts: more (up to 32) while OneDrive keeps up, fewer when it asks to slow down. Below 4 it is a limit.',
  },
  { key: 'maxConcurrentRuns', label: 'Syncs running at the same time', hint: '1 to 8.' },
  {
    key: 'bigDeleteFiles',
    label: 'Ask before trashing more than (files)',
    hint:
      'A run that would trash more files stops for review. It also stops when it would trash more than half of a ' +
      'sync and at least 50 files, or when every file of a sync of more than 10 is gone online.',
  },
];

const switches: Array<{ key: SwitchField; label: string; testId: string }> = [
  {
    key: 'launchAtLogin',
    label: 'Start OneDrive Mirror when I sign in to this computer',
    testId: 'setting-launch-at-login',
  },
  {
    key: 'notifications',
    label: 'Show notifications (reconnect needed, deletions to review, repeated failures)',
    testId: 'setting-notifications',
  },
  {
    key: 'liveChanges',
    label:
      'Live changes: get changes made online within seconds (turn off on metered connections; syncs then check on their interval)',
    testId: 'setting-live-changes',
  },
  {
    key: 'pauseOnBattery',
    label: `Pause background syncing on battery power below ${LOW_BATTERY_PERCENT} % (on any battery level where the system does not report it). Sync now still works.`,
    testId: 'setting-pause-on-battery',
  },
  {
    key: 'pauseOnMetered',
    label: 'Pause background syncing on a metered connection (where the system reports it)',
    testId: 'setting-pause-on-metered',
  },
];

export function SettingsPage() {
  const styles = useStyles();
  const { settings, cloud, builtInRegistration, version } = useAppState();
  const { run, pending } = useCommand();
  const [values, setValues] = useState<SettingsFormValues>(() => settingsForm(settings));
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const check = validateSettingsForm(values, settings);
  const errors = submitted ? check.errors : {};

  const update = (next: Partial<SettingsFormValues>) => {
    setSaved(false);
    setValues((v) => ({ ...v, ...next }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!check.patch) return;
    if (Object.keys(check.patch).length === 0) return setSaved(true);
    const result = await run('settings:update', check.patch);
    if (result.ok) setSaved(true);
  };

  return (
    <div className={styles.page} data-testid="settings-page">
      <h2 className={styles.section}>Settings</h2>
      <form className={styles.form} onSubmit={(e) => void submit(e)} noValidate aria-label="Preferences">
        {switches.map(({ key, label, testId }) => (
          <Switch
            key={key}
            label={label}
            checked={values[key]}
            onChange={(_e, d) => update({ [key]: d.checked })}
            data-testid={testId}
          />
        ))}
        <Field
          label="Download limit"
          hint="For all downloads of all syncs together, e.g. 2 MB/s; 0 for no limit. Applies from the next run."
          validationState={errors.downloadLimit ? 'error' : 'none'}
          validationMessage={errors.downloadLimit}
        >
          <Input
            value={values.downloadLimit}
            onChange={(_e, d) => update({ downloadLimit: d.value })}
            data-testid="setting-download-limit"
          />
        </Field>
        {numberFields.map(({ key, label, hint }) => (
          <Field
            key={key}
            label={label}
            hint={hint}
            validationState={errors[key] ? 'error' : 'none'}
            validationMessage={errors[key]}
          >
            <Input
              type="number"
              value={values.numbers[key]}
              onChange={(_e, d) => update({ numbers: { ...values.numbers, [key]: d.value } })}
              data-testid={`setting-${key}`}
            />
          </Field>
        ))}
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={pending} data-testid="settings-save">
            Save settings
          </Button>
          {saved && (
            <Text role="status" data-testid="settings-saved">
              Saved.
            </Text>
          )}
        </div>
      </form>

      {builtInRegistration ? (
        <AdvancedRegistration cloud={cloud} />
      ) : (
        <section aria-labelledby="registration-title">
          <h3 id="registration-title">App registration</h3>
          <CloudForm cloud={cloud} submitLabel="Save registration" />
        </section>
      )}

      <section aria-labelledby="troubleshooting-title">
        <h3 id="troubleshooting-title">Troubleshooting</h3>
        <Button onClick={() => void run('app:openLogs', {})}>Open logs folder</Button>
        {/* The version belongs with the logs, for a bug report; not in the header of every view. */}
        <Text block size={200} data-testid="app-version">
          OneDrive Mirror {version}
        </Text>
      </section>
    </div>
  );
}
