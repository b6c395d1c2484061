/** Pure validation of the app registration form, producing the exact 'cloud:update' input. */
import type { CommandInput } from '../../../../shared/ipc';
import { CLIENT_ID_FORMAT_MESSAGE, CLIENT_ID_PATTERN } from '../../../../shared/app-registration';
import type { CloudPreset, CloudSettings } from '../../../../shared/model';

export type TenantChoice = 'common' | 'organizations' | 'consumers' | 'tenant';

export interface CloudFormValues {
  clientId: string;
  preset: CloudPreset;
  tenantChoice: TenantChoice;
  tenantId: string;
  authorityHost: string;
  graphUrl: string;
}

export type CloudFormErrors = Partial<Record<keyof CloudFormValues, string>>;

const wellKnownTenants = new Set(['common', 'organizations', 'consumers']);
// A tenant is a GUID or a verified domain such as contoso.onmicrosoft.com.
const tenantPattern = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

export function cloudFormFromSettings(cloud: CloudSettings): CloudFormValues {
  const known = wellKnownTenants.has(cloud.tenant);
  return {
    clientId: cloud.clientId,
    preset: cloud.preset,
    tenantChoice: known ? (cloud.tenant as TenantChoice) : cloud.tenant ? 'tenant' : 'common',
    tenantId: known ? '' : cloud.tenant,
    authorityHost: cloud.authorityHost ?? '',
    graphUrl: cloud.graphUrl ?? '',
  };
}

function urlError(value: string, httpsOnly: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Enter a full URL, for example https://login.example.com';
  }
  if (url.protocol === 'https:') return undefined;
  if (!httpsOnly && url.protocol === 'http:') return undefined;
  return 'The URL must start with https://';
}

export interface CloudFormCheck {
  errors: CloudFormErrors;
  /** Worth a look but not blocking (none today; the form shows them in amber). */
  warnings: CloudFormErrors;
  input: CommandInput<'cloud:update'> | null;
}

export function validateCloudForm(values: CloudFormValues): CloudFormCheck {
  const errors: CloudFormErrors = {};
  const warnings: CloudFormErrors = {};
  const clientId = values.clientId.trim();
  if (!clientId) errors.clientId = 'Enter the Application (client) ID of your app registration.';

  // The contract refuses anything else (shared/ipc.ts), so the form says it first.
  else if (!CLIENT_ID_PATTERN.test(clientId)) errors.clientId = CLIENT_ID_FORMAT_MESSAGE;

  const tenantId = values.tenantId.trim();
  if (values.tenantChoice === 'tenant') {
    if (!tenantId) errors.tenantId = 'Enter the Directory (tenant) ID or a domain.';
    else if (!tenantPattern.test(tenantId)) errors.tenantId = 'Enter a tenant GUID or a domain such as contoso.onmicrosoft.com.';
  }

  const custom = values.preset === 'custom';
  if (custom) {
    // MSAL refuses an authority that is not https.
    const authority = urlError(values.authorityHost, true);
    if (authority) errors.authorityHost = authority;
    const graph = urlError(values.graphUrl, false);
    if (graph) errors.graphUrl = graph;
  }

  if (Object.keys(errors).length > 0) return { errors, warnings, input: null };
  return {
    errors,
    warnings,
    input: {
      clientId,
      preset: values.preset,
      tenant: values.tenantChoice === 'tenant' ? tenantId : values.tenantChoice,
      authorityHost: custom ? values.authorityHost.trim() : null,
      graphUrl: custom ? values.graphUrl.trim() : null,
    },
  };
}
