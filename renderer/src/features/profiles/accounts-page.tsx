import { useState } from 'react';
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useAppState } from '../../api/use-app-state';
import { AddProfileForm } from './add-profile-form';
import { ProfileCard } from './profile-card';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  title: { margin: 0, flex: 1 },
});

/** The accounts (local profiles): add, connect, reconnect, rename, sign out, remove. */
export function AccountsPage({ focusId = null }: { focusId?: string | null }) {
  const styles = useStyles();
  const { profiles, syncs } = useAppState();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  return (
    <section className={styles.page} aria-labelledby="accounts-title" data-testid="accounts-page">
      <div className={styles.head}>
        <h2 id="accounts-title" className={styles.title}>
          Accounts
        </h2>
        {!adding && (
          <Button
            appearance={profiles.length === 0 ? 'primary' : 'secondary'}
            onClick={() => setAdding(true)}
            data-testid="add-account"
          >
            Add account
          </Button>
        )}
      </div>
      {adding && (
        <AddProfileForm
          onDone={(id) => {
            setAdding(false);
            setAdded(id);
          }}
        />
      )}
      {profiles.length === 0 && !adding && (
        <Text>Add a Microsoft account to choose OneDrive folders to mirror on this computer.</Text>
      )}
      {profiles.map((profile) => (
        <ProfileCard
          key={profile.id}
          profile={profile}
          highlighted={profile.id === focusId}
          // A new card is scrolled into view, not outlined: an outline reads as "selected", and nothing is.
          reveal={profile.id === focusId || profile.id === added}
          syncCount={syncs.filter((s) => s.profileId === profile.id).length}
        />
      ))}
    </section>
  );
}
