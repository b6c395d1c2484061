import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { CommandInput } from '../../../../shared/ipc';
import type { ActivityEntry } from '../../../../shared/model';
import { makeEntry, makeState, makeSync } from '../../test/builders';
import { renderApp } from '../../test/render-app';
import type { FakeApi } from '../../test/fake-api';

// happy-dom has no layout: give the scroller a viewport so the virtualizer has rows to show.
const viewport = 560;
let restore: PropertyDescriptor | undefined;
beforeAll(() => {
  restore = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'activity-scroll' ? viewport : 0;
    },
  });
});
afterAll(() => {
  if (restore) Object.defineProperty(HTMLElement.prototype, 'clientHeight', restore);
});
afterEach(cleanup);

const total = 100_000;
const kindOf = (seq: number): ActivityEntry['kind'] => (seq % 10 === 0 ? 'error' : 'downloaded');

/** 100,000 entries made on demand, newest (highest seq) first, like the activity log. */
function serveActivity(fake: FakeApi) {
  fake.handle('activity:list', ({ before, limit, kinds, syncId }: CommandInput<'activity:list'>) => {
    const entries: ActivityEntry[] = [];
    let matching = 0;
    for (let seq = total; seq >= 1; seq--) {
      const kind = kindOf(seq);
      const sync = seq % 2 === 0 ? 's1' : 's2';
      if ((kinds && !kinds.includes(kind)) || (syncId && syncId !== sync)) continue;
      matching++;
      if (before !== null && seq >= before) continue;
      if (entries.length < limit) entries.push(makeEntry(seq, { kind, syncId: sync, message: `${kind} ${seq}` }));
    }
    return { ok: true, value: { entries, total: matching } };
  });
}

async function openActivity() {
  const rendered = await renderApp(
    makeState({ syncs: [makeSync({ id: 's1', itemName: 'Reports' }), makeSync({ id: 's2', itemName: 'Photos' })] }),
  );
  serveActivity(rendered.fake);
  fireEvent.click(screen.getByRole('button', { name: 'Activity' }));
  await screen.findByText('downloaded 99999');
  return rendered;
}

function scrollTo(top: number) {
  const scroller = screen.getByTestId('activity-scroll');
  act(() => {
    scroller.scrollTop = top;
    scroller.dispatchEvent(new Event('scroll'));
  });
}

describe('activity', () => {
  it('shows the newest entries first and renders only what is visible', async () => {
    await openActivity();
    const rows = screen.getAllByTestId('activity-row');
    expect(rows[0]!.textContent).toContain('error 100000');
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByTestId('activity-summary').textContent).toBe('Showing 200 of 100000 entries, newest first.');
  });

  it('loads older pages with the before cursor as the list scrolls', async () => {
    const { fake } = await openActivity();
    scrollTo(200 * 56 - viewport);
    await waitFor(() => expect(fake.callsOf('activity:list')).toHaveLength(2));
    expect(fake.callsOf('activity:list')[1]).toEqual({ before: 99801, limit: 200, kinds: null, syncId: null });
    await waitFor(() => expect(screen.getByTestId('activity-summary').textContent).toContain('Showing 400 of 100000'));
    scrollTo(300 * 56);
    expect(await screen.findByText('downloaded 99699')).toBeTruthy();
    expect(screen.getAllByTestId('activity-row').length).toBeLessThan(40);
  });

  it('filters by kind and by sync, starting again from the newest', async () => {
    const { fake } = await openActivity();
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'error' } });
    await waitFor(() => expect(screen.getByTestId('activity-summary').textContent).toContain('of 10000 entries'));
    expect(fake.callsOf('activity:list').at(-1)).toEqual({ before: null, limit: 200, kinds: ['error'], syncId: null });
    fireEvent.change(screen.getByLabelText('Sync'), { target: { value: 's2' } });
    await waitFor(() =>
      expect(fake.callsOf('activity:list').at(-1)).toEqual({ before: null, limit: 200, kinds: ['error'], syncId: 's2' }),
    );
    expect(await screen.findByText('No activity yet.')).toBeTruthy();
  });

  it('shows a failure to load', async () => {
    const rendered = await renderApp(makeState());
    rendered.fake.fail('activity:list', { code: 'internal', message: 'The activity log is unreadable.' });
    fireEvent.click(screen.getByRole('button', { name: 'Activity' }));
    expect((await screen.findByTestId('inline-error')).textContent).toContain('unreadable');
  });
});
