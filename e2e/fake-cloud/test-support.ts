import { afterAll, beforeAll } from 'vitest';
import { startFakeCloud, trustCaInProcess, type FakeCloud } from './index';

export interface Harness {
  cloud: FakeCloud;
  /** GET a Graph path (or absolute URL) as the account owning `token`. */
  get(pathOrUrl: string, token: string, headers?: Record<string, string>): Promise<Response>;
  json<T = any>(pathOrUrl: string, token: string): Promise<T>;
}

/** Starts one fake cloud for the test file, trusted in-process, closed after. */
export function useFakeCloud(): Harness {
  const harness = {} as Harness;
  let untrust = (): void => undefined;
  beforeAll(async () => {
    harness.cloud = await startFakeCloud();
    untrust = trustCaInProcess(harness.cloud.caPem);
  });
  afterAll(async () => {
    untrust();
    await harness.cloud.close();
  });
  harness.get = (pathOrUrl, token, headers = {}) =>
    fetch(pathOrUrl.startsWith('https:') ? pathOrUrl : `${harness.cloud.graphUrl}${pathOrUrl}`, {
      headers: { Authorization: `Bearer ${token}`, ...headers },
    });
  harness.json = async (pathOrUrl, token) => (await harness.get(pathOrUrl, token)).json();
  return harness;
}

export interface DeltaRun {
  items: Array<Record<string, any>>;
  pages: number;
  deltaLink: string;
}

/** Follows a delta from `first` to its deltaLink. */
export async function runDelta(h: Harness, first: string, token: string): Promise<DeltaRun> {
  const items: Array<Record<string, any>> = [];
  let pages = 0;
  let url = first;
  for (;;) {
    const res = await h.get(url, token);
    if (res.status !== 200)
      throw Object.assign(new Error(`delta HTTP ${res.status}`), { status: res.status, body: await res.json() });
    const page = (await res.json()) as {
      value: Array<Record<string, any>>;
      '@odata.nextLink'?: string;
      '@odata.deltaLink'?: string;
    };
    pages++;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, pages, deltaLink: page['@odata.deltaLink'] };
    url = page['@odata.nextLink']!;
  }
}
