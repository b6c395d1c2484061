/** The pages MSAL's loopback server shows in the browser after sign-in. Static: nothing from the request. */

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}</style></head><body><h1>${title}</h1><p>${body}</p></body></html>`;
}

export const signInSuccessPage = page(
  'You are signed in to OneDrive Mirror',
  'You can close this tab and go back to OneDrive Mirror.',
);

export const signInErrorPage = page(
  'Sign-in did not complete',
  'OneDrive Mirror could not finish signing you in. You can close this tab and try again from the app.',
);
