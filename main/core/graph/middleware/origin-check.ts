/**
 * The first link after error mapping: puts back the exact URL of an opaque link (see GraphCall.exactUrl), then
 * refuses any URL outside the configured Graph origin (scheme, host and port) before a token is even fetched.
 * nextLinks and deltaLinks come from the answer or from a state file on disk: the bearer token goes to the
 * configured Graph origin only.
 */
import type { Context } from '@microsoft/microsoft-graph-client';
import { AppError } from '../../errors';
import type { Logger } from '../../ports';
import { callOf, Link, urlOf } from './link';

export class CheckOrigin extends Link {
  private readonly origin: string;
  private readonly host: string;

  constructor(
    graphUrl: string,
    private readonly log: Logger,
  ) {
    super();
    const url = new URL(graphUrl);
    this.origin = url.origin;
    this.host = url.host;
  }

  async execute(context: Context): Promise<void> {
    const { exactUrl } = callOf(context);
    if (exactUrl !== null) context.request = exactUrl;
    const url = URL.parse(urlOf(context));
    if (url?.origin !== this.origin) {
      const host = url?.host || '(not a URL)';
      this.log.warn('graph link to another origin refused', { host, graph: this.host });
      throw new AppError(
        'internal',
        `OneDrive answered with a link to another host (${host}). It was not followed: the sign-in token goes only to ${this.host}.`,
      );
    }
    return this.forward(context);
  }
}
