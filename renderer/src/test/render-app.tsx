import './dom-setup';
import { StrictMode } from 'react';
import { act, render, screen, type RenderResult } from '@testing-library/react';
import type { AppState } from '../../../shared/model';
import { App } from '../app/app';
import { createFakeApi, type FakeApi } from './fake-api';

/** Renders the whole app over a fake API and waits for the first state. */
export async function renderApp(state: AppState): Promise<{ fake: FakeApi; view: RenderResult }> {
  const fake = createFakeApi(state);
  // StrictMode as in main.tsx: effects run twice, which catches subscriptions and fetches that are not idempotent.
  const view = render(
    <StrictMode>
      <App api={fake.api} />
    </StrictMode>,
  );
  await screen.findByTestId('app-shell');
  return { fake, view };
}

/** Pushes a state event inside act so React commits it before the test looks. */
export function pushState(fake: FakeApi, state: AppState): void {
  act(() => fake.pushState(state));
}
