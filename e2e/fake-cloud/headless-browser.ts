/**
 * Plays the browser for an interactive sign-in: GETs the authorize URL, reads the auto-submitting form and POSTs its
 * fields to the form's action (MSAL's loopback redirect). Use it as MSAL's `openBrowser` callback.
 */
export async function submitAuthorizePage(authorizeUrl: string): Promise<Response> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/i.exec(html)?.[1];
  if (!action) throw new Error(`fake-cloud: the authorize page has no form (HTTP ${page.status})`);
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.append(unescape(m[1]!), unescape(m[2]!));
  return fetch(unescape(action), { method: 'POST', body: fields });
}

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

/** An `openBrowser` for MSAL that completes the sign-in in the background; failures land in `errors`. */
export function headlessOpenBrowser(errors: unknown[] = []): (url: string) => Promise<void> {
  return async (url) => {
    void submitAuthorizePage(url).catch((e: unknown) => errors.push(e));
  };
}
