/** Test support for the middleware links: a request context and a tiny fake next link. */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GraphCall, type RequestCounter } from './link';

export function contextFor(
  url: string,
  call: { exactUrl?: string | null; counters?: RequestCounter[]; signal?: AbortSignal } = {},
): Context {
  const options = new GraphCall(call.exactUrl ?? null, call.counters ?? [], call.signal);
  const control = { getMiddlewareOptions: (fn: unknown) => (fn === GraphCall ? options : undefined) };
  return {
    request: url,
    options: { method: 'GET', headers: { Accept: 'application/json' } },
    middlewareControl: control as unknown as Context['middlewareControl'],
  };
}

export type Answer = Response | Error | (() => Response);

/** Answers each request with the next of `answers` (the last one repeats) and records what it was sent. */
export function fakeNext(...answers: Answer[]) {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const next: Middleware = {
    async execute(context) {
      const headers = (context.options?.headers ?? {}) as Record<string, string>;
      seen.push({ url: String(context.request), authorization: headers.Authorization });
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      if (answer instanceof Error) throw answer;
      context.response = typeof answer === 'function' ? answer() : answer.clone();
    },
  };
  return { next, seen };
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function graphAnswer(status: number, code: string, headers: Record<string, string> = {}): Response {
  return jsonAnswer(status, { error: { code, message: `fake ${code}`, innerError: { 'request-id': 'req-1' } } }, headers);
}
