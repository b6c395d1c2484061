/** The root: theme following the OS, the API provider, command error reporting, then the shell. */
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import type { Api } from '../../../shared/ipc';
import { ApiProvider } from '../api/api-context';
import { CommandErrorsProvider } from '../api/command-errors';
import { usePrefersDark } from './use-color-scheme';
import { Shell } from './shell';

export function App({ api }: { api: Api }) {
  const dark = usePrefersDark();
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} style={{ height: '100%' }} data-theme={dark ? 'dark' : 'light'}>
      <ApiProvider api={api}>
        <CommandErrorsProvider>
          <Shell />
        </CommandErrorsProvider>
      </ApiProvider>
    </FluentProvider>
  );
}
