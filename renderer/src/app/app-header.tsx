import { Button, makeStyles, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Text, tokens } from '@fluentui/react-components';
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

export function AppHeader({ version, status, showPause }: { version: string; status: string | null; showPause: boolean }) {
  const styles = useStyles();
  const { run } = useCommand();
  return (
    <header className={styles.header}>
      <h1 className={styles.title}>OneDrive Mirror</h1>
      <Text size={200} data-testid="app-version" aria-label={`Version ${version}`}>
        v{version}
      </Text>
      <span className={styles.grow} />
      {status && (
        <Text role="status" data-testid="app-status">
          {status}
        </Text>
      )}
      {showPause && (
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button data-testid="pause-all">Pause syncing</Button>
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
