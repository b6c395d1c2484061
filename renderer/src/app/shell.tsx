/** The window: header, left navigation, app-level banners, then the current view. Setup replaces it all on first run. */
import type { ReactElement } from 'react';
import {
  Button,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { useStateSnapshot } from '../api/use-app-state';
import { CommandErrorBars } from '../api/command-errors';
import { SetupPage } from '../features/setup/setup-page';
import { AccountsPage } from '../features/profiles/accounts-page';
import { SyncsPage } from '../features/syncs/syncs-page';
import { ActivityPage } from '../features/activity/activity-page';
import { SettingsPage } from '../features/settings/settings-page';
import { AppHeader } from './app-header';
import { AccountsIcon, ActivityIcon, SettingsIcon, SyncsIcon } from '../components/nav-icons';
import { PausedBanner } from './paused-banner';
import { PowerPauseBanner } from './power-pause-banner';
import { summarizeStatus } from './status-summary';
import { Notices } from './notices';
import { useNavigation, type Navigation, type View } from './use-navigation';
import { useFirstView } from './use-first-view';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', height: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  body: { display: 'flex', flex: 1, minHeight: 0 },
  nav: {
    width: '180px',
    flexShrink: 0,
    paddingTop: tokens.spacingVerticalM,
    paddingLeft: tokens.spacingHorizontalS,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  main: {
    flex: 1,
    minWidth: 0,
    overflowY: 'auto',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    // A scrolling flex column would otherwise squash banners and cards instead of scrolling.
    '& > *': { flexShrink: 0 },
  },
  center: { margin: 'auto', padding: tokens.spacingVerticalXXL },
  navList: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  navButton: { width: '100%', justifyContent: 'flex-start', fontWeight: tokens.fontWeightRegular },
  navCurrent: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    fontWeight: tokens.fontWeightSemibold,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}`,
  },
});

const views: Array<{ view: View; label: string; icon: () => ReactElement }> = [
  { view: 'syncs', label: 'Syncs', icon: SyncsIcon },
  { view: 'accounts', label: 'Accounts', icon: AccountsIcon },
  { view: 'activity', label: 'Activity', icon: ActivityIcon },
  { view: 'settings', label: 'Settings', icon: SettingsIcon },
];

export function Shell() {
  const styles = useStyles();
  const snapshot = useStateSnapshot();
  const nav = useNavigation();
  useFirstView(snapshot, nav);

  if (snapshot.status === 'loading') {
    return <Spinner className={styles.center} label="Loading OneDrive Mirror…" data-testid="app-loading" />;
  }
  if (snapshot.status === 'failed') {
    return (
      <MessageBar intent="error" className={styles.center} data-testid="app-failed">
        <MessageBarBody>
          <MessageBarTitle>OneDrive Mirror could not load its state</MessageBarTitle>
          {snapshot.message}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const { state } = snapshot;

  return (
    <div className={styles.root} data-testid="app-shell">
      <AppHeader
        status={state.configured ? summarizeStatus(state) : null}
        showPause={state.configured && state.pausedUntil === null}
        canPause={state.syncs.some((s) => s.status === 'active')}
      />
      <div className={styles.body}>
        {state.configured && (
          <nav className={styles.nav} aria-label="Main">
            {/* Plain buttons rather than a TabList: its focus-trap helpers trip axe's aria-hidden-focus rule. */}
            <ul className={styles.navList}>
              {views.map(({ view, label, icon: Icon }) => (
                <li key={view}>
                  <Button
                    appearance="subtle"
                    className={mergeClasses(styles.navButton, nav.view === view && styles.navCurrent)}
                    aria-current={nav.view === view ? 'page' : undefined}
                    onClick={() => nav.go(view)}
                    data-testid={`nav-${view}`}
                    icon={<Icon />}
                  >
                    {label}
                  </Button>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main className={styles.main}>
          <CommandErrorBars />
          {state.configured ? (
            <>
              <PausedBanner pausedUntil={state.pausedUntil} />
              <PowerPauseBanner state={state} />
              <Notices onNavigate={nav.go} />
              <CurrentView nav={nav} />
            </>
          ) : (
            <SetupPage onConfigured={() => nav.go('accounts')} />
          )}
        </main>
      </div>
    </div>
  );
}

function CurrentView({ nav }: { nav: Navigation }) {
  switch (nav.view) {
    case 'syncs':
      return <SyncsPage focusId={nav.focusId} onNavigate={nav.go} />;
    case 'accounts':
      return <AccountsPage focusId={nav.focusId} />;
    case 'activity':
      return <ActivityPage />;
    case 'settings':
      return <SettingsPage />;
  }
}
