/** The app registration form (client id, cloud, tenant, custom endpoints); used by setup and settings. */
import { useState, type FormEvent } from 'react';
import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import type { CloudPreset, CloudSettings } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { cloudFormFromSettings, validateCloudForm, type CloudFormValues, type TenantChoice } from './cloud-form-logic';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '560px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

const presets: Array<{ value: CloudPreset; label: string }> = [
  { value: 'global', label: 'Microsoft global cloud' },
  { value: 'usgov', label: 'US Government (GCC High / DoD)' },
  { value: 'china', label: 'China (operated by 21Vianet)' },
  { value: 'custom', label: 'Custom endpoints' },
];

const tenants: Array<{ value: TenantChoice; label: string }> = [
  { value: 'common', label: 'Work, school and personal accounts (common)' },
  { value: 'organizations', label: 'Work or school accounts only (organizations)' },
  { value: 'consumers', label: 'Personal Microsoft accounts only (consumers)' },
  { value: 'tenant', label: 'One organization (enter its tenant)' },
];

export function CloudForm({
  cloud,
  onSaved,
  submitLabel = 'Save',
}: {
  cloud: CloudSettings;
  onSaved?: () => void;
  submitLabel?: string;
}) {
  const styles = useStyles();
  const { run, pending } = useCommand();
  const [values, setValues] = useState<CloudFormValues>(() => cloudFormFromSettings(cloud));
  const [submitted, setSubmitted] = useState(false);
  const check = validateCloudForm(values);
  const errors = submitted ? check.errors : {};

  const set = <K extends keyof CloudFormValues>(key: K, value: CloudFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const fieldState = (key: keyof CloudFormValues) =>
    errors[key]
      ? { validationState: 'error' as const, validationMessage: errors[key] }
      : check.warnings[key]
        ? { validationState: 'warning' as const, validationMessage: check.warnings[key] }
        : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!check.input) return;
    const result = await run('cloud:update', check.input);
    if (result.ok) onSaved?.();
  };

  return (
    <form
      className={styles.form}
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label="App registration"
      data-testid="cloud-form"
    >
      <Field label="Application (client) ID" required {...fieldState('clientId')}>
        <Input
          value={values.clientId}
          onChange={(_e, d) => set('clientId', d.value)}
          placeholder="00000000-0000-0000-0000-000000000000"
          data-testid="cloud-client-id"
        />
      </Field>
      <Field label="Cloud">
        <Select value={values.preset} onChange={(_e, d) => set('preset', d.value as CloudPreset)} data-testid="cloud-preset">
          {presets.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Who can sign in">
        <Select
          value={values.tenantChoice}
          onChange={(_e, d) => set('tenantChoice', d.value as TenantChoice)}
          data-testid="cloud-tenant"
        >
          {tenants.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </Select>
      </Field>
      {values.tenantChoice === 'tenant' && (
        <Field label="Directory (tenant) ID or domain" required {...fieldState('tenantId')}>
          <Input value={values.tenantId} onChange={(_e, d) => set('tenantId', d.value)} data-testid="cloud-tenant-id" />
        </Field>
      )}
      {values.preset === 'custom' && (
        <>
          <Field
            label="Authority URL"
            required
            hint="The sign-in host, for example https://login.microsoftonline.com"
            {...fieldState('authorityHost')}
          >
            <Input
              value={values.authorityHost}
              onChange={(_e, d) => set('authorityHost', d.value)}
              data-testid="cloud-authority"
            />
          </Field>
          <Field
            label="Microsoft Graph URL"
            required
            hint="For example https://graph.microsoft.com/v1.0"
            {...fieldState('graphUrl')}
          >
            <Input value={values.graphUrl} onChange={(_e, d) => set('graphUrl', d.value)} data-testid="cloud-graph-url" />
          </Field>
        </>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={pending} data-testid="cloud-save">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
