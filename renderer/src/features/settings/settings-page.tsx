export function SettingsPage(_props: { focusId?: string | null; onNavigate?: (view: 'syncs' | 'accounts' | 'activity' | 'settings', id?: string | null) => void }) {
  return <h2>SettingsPage</h2>;
}
