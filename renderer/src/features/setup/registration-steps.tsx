/** The exact steps to register an app in Microsoft Entra, shown on the setup page and in settings. */
import { Link, Text } from '@fluentui/react-components';

export function RegistrationSteps() {
  return (
    <section aria-labelledby="registration-steps-title" data-testid="registration-steps">
      <h3 id="registration-steps-title">How to register the app (about 3 minutes)</h3>
      <ol>
        <li>
          Open the <Text weight="semibold">Microsoft Entra admin center</Text> (
          <Link href="https://entra.microsoft.com" target="_blank" rel="noreferrer">
            entra.microsoft.com
          </Link>
          ) and go to <Text weight="semibold">Identity &gt; Applications &gt; App registrations &gt; New registration</Text>.
        </li>
        <li>
          Give it a name (for example “OneDrive Mirror”). Under <Text weight="semibold">Supported account types</Text> choose{' '}
          <Text weight="semibold">Accounts in any organizational directory and personal Microsoft accounts</Text> (or only your
          organization, then enter its tenant below). Select <Text weight="semibold">Register</Text>.
        </li>
        <li>
          In <Text weight="semibold">Authentication &gt; Add a platform &gt; Mobile and desktop applications</Text>, add the
          redirect URI <code>http://localhost</code>.
        </li>
        <li>
          Still in <Text weight="semibold">Authentication</Text>, set <Text weight="semibold">Allow public client flows</Text> to{' '}
          <Text weight="semibold">Yes</Text> and save.
        </li>
        <li>
          In <Text weight="semibold">API permissions &gt; Add a permission &gt; Microsoft Graph &gt; Delegated permissions</Text>,
          add <code>Files.Read.All</code>, <code>User.Read</code> and <code>offline_access</code>.
        </li>
        <li>
          Copy the <Text weight="semibold">Application (client) ID</Text> from the Overview page into the form below.
        </li>
      </ol>
    </section>
  );
}
