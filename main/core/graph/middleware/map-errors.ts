/**
 * The outermost link: a failed answer becomes our AppError (graph-errors.ts `toAppError`: Graph's code and
 * message, never a URL query or a token), and whatever a link threw (AppError, ResyncRequiredError, an abort's
 * reason) reaches the caller as it was.
 *
 * The library turns any error thrown in the chain into its own GraphError, except a GraphClientError, which it
 * rethrows untouched: so ours ride out inside one (`customError`) and the drive client unwraps them (`unwrap`).
 */
import { type Context, GraphClientError } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../ports';
import { AppError } from '../../errors';
import { readFailure, redact, toAppError } from '../graph-errors';
import { Link, urlOf } from './link';

export class MapErrors extends Link {
  constructor(
    private readonly now: () => number,
    private readonly log: Logger,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    try {
      await this.forward(context);
    } catch (e) {
      throw carry(e);
    }
    const res = context.response as Response | undefined;
    if (!res || res.ok) return;
    const failure = await readFailure(res, this.now());
    const path = URL.parse(urlOf(context))?.pathname ?? '(bad url)';
    this.log.debug('graph request failed for good', { path, status: failure.status, code: failure.code });
    throw carry(toAppError(failure));
  }
}

function carry(error: unknown): GraphClientError {
  const carrier = new GraphClientError('a Graph request failed');
  carrier.customError = error;
  return carrier;
}

/**
 * What a request threw, as our error: the carried one; else the library's own, raised after the chain (e.g. a 200
 * whose body is not JSON), as an internal AppError that names no URL or token.
 */
export function unwrap(e: unknown): unknown {
  if (e instanceof GraphClientError && e.customError !== undefined) return e.customError;
  const message = e instanceof Error ? e.message : String(e);
  return new AppError('internal', `Unexpected answer from OneDrive (${redact(message)}).`, undefined, {
    cause: e,
  });
}
