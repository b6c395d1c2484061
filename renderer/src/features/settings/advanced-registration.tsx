/**
 * Settings > Advanced in a build that carries a default app registration: the user's own registration is an option
 * here (it is the first-run setup page only in builds without one). A stored client id of '' means the built-in one.
 */
import { useState } from 'react';
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { CloudSettings } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';
import { CloudForm } from '../setup/cloud-form';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, alignItems: 'flex-start' },
});

const builtIn: CloudSettings = { clientId: '', preset: 'global', tenant: 'common', authorityHost: null, graphUrl: null };

export function AdvancedRegistration({ cloud }: { cloud: CloudSettings }) {
  const styles = useStyles();
  const { run, pending } = useCommand();
  const own = cloud.clientId !== '';
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="advanced-title" className={styles.section} data-testid="settings-advanced">
      <h3 id="advanced-title">Advanced</h3>
      <Text>
        {own
          ? 'You use your own Microsoft Entra app registration.'
          : 'OneDrive Mirror signs in with the app registration it comes with; you need none of your own.'}
      </Text>
      {own ? (
        <>
          <CloudForm cloud={cloud} submitLabel="Save registration" />
          <Button disabled={pending} onClick={() => void run('cloud:update', builtIn)} data-testid="use-built-in-registration">
            Use the built-in app registration
          </Button>
        </>
      ) : open ? (
        <CloudForm cloud={cloud} submitLabel="Save registration" />
      ) : (
        <Button onClick={() => setOpen(true)} data-testid="use-own-registration">
          Use my own app registration
        </Button>
      )}
    </section>
  );
}
