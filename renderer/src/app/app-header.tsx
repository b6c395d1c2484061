import {
  makeStyles,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useCommand } from '../api/use-command';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  grow: { flex: 1 },
});

const pauseChoices: Array<{ label: string; minutes: number | null }> = [
  { label: 'For 1 hour', minutes: 60 },
  { label: 'For 8 hours', minutes: 480 },
  { label: 'For 24 hours', minutes: 1440 },
  { label: 'Until I resume', minutes: null },
];

/** The title, the overall status and "Pause syncing" (a menu with a chevron; disabled when nothing is active). */
export function AppHeader({ status, showPause, canPause }: { status: string | null; showPause: boolean; canPause: boolean }) {
  const styles = useStyles();
  const { run } = useCommand();
  return (
    <header className={styles.header}>
      <h1 className={styles.title}>OneDrive Mirror</h1>
      <span className={styles.grow} />
      {status && (
        <Text role="status" data-testid="app-status">
          {status}
        </Text>
      )}
      {showPause && (
        // Opens below and aligned to the button's right edge: at the window's edge it is never cut off.
        <Menu positioning={{ position: 'below', align: 'end', overflowBoundary: 'window' }}>
          <MenuTrigger disableButtonEnhancement>
            <MenuButton
              data-testid="pause-all"
              disabled={!canPause}
              title={canPause ? undefined : 'No sync is running on a schedule'}
            >
              Pause syncing
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {pauseChoices.map(({ label, minutes }) => (
                <MenuItem key={label} onClick={() => void run('syncs:pauseAll', { minutes })}>
                  {label}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      )}
    </header>
  );
}
