/** First run: explain and collect the app registration, then lead on to adding an account. */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useAppState } from '../../api/use-app-state';
import { CloudForm } from './cloud-form';
import { RegistrationSteps } from './registration-steps';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '760px' },
});

export function SetupPage({ onConfigured }: { onConfigured?: () => void }) {
  const styles = useStyles();
  const { cloud } = useAppState();
  return (
    <div className={styles.page} data-testid="setup-page">
      <h2>Welcome to OneDrive Mirror</h2>
      <Text>
        OneDrive Mirror signs in with your own Microsoft Entra app registration, so your files never pass through anyone else’s
        service. Register one, paste its client ID below, then add your account.
      </Text>
      <RegistrationSteps />
      <h3>Your app registration</h3>
      <CloudForm cloud={cloud} onSaved={onConfigured} submitLabel="Save" />
    </div>
  );
}
