/** Counts every HTTP attempt (retries and token refreshes included) on each counter of the call. */
import type { Context } from '@microsoft/microsoft-graph-client';
import { callOf, Link } from './link';

export class CountRequests extends Link {
  async execute(context: Context): Promise<void> {
    for (const c of callOf(context).counters) c.n++;
    return this.forward(context);
  }
}
