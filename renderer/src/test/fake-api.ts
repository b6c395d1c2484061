/**
 * An in-memory Api for component tests: records every command call, answers with handlers the test sets,
 * and can push events ('state', 'navigate', 'notification') as the main process would.
 */
import type { Api, CommandInput, CommandName, CommandOutput, EventName, EventPayload, Result } from '../../../shared/ipc';
import type { AppErrorValue, AppState } from '../../../shared/model';

type Handler<N extends CommandName> = (input: CommandInput<N>) => Result<CommandOutput<N>> | Promise<Result<CommandOutput<N>>>;

export interface FakeApi {
  api: Api;
  calls: Array<{ name: CommandName; input: unknown }>;
  /** Inputs of every call of one command, in order. */
  callsOf<N extends CommandName>(name: N): Array<CommandInput<N>>;
  /** Sets the answer for a command: a value, an error, or a function of the input. */
  handle<N extends CommandName>(name: N, handler: Handler<N>): void;
  succeed<N extends CommandName>(name: N, value: CommandOutput<N>): void;
  fail(name: CommandName, error: AppErrorValue): void;
  /** Replaces the state and emits a 'state' event. */
  pushState(state: AppState): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  readonly state: AppState;
}

export function createFakeApi(initial: AppState): FakeApi {
  let state = initial;
  const calls: FakeApi['calls'] = [];
  const handlers = new Map<CommandName, Handler<CommandName>>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  handlers.set('app:getState', () => ({ ok: true, value: state }));

  const target = {
    on(event: EventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };

  const api = new Proxy(target, {
    get(t, name: string) {
      if (name === 'on') return t.on;
      return async (input: unknown) => {
        calls.push({ name: name as CommandName, input });
        const handler = handlers.get(name as CommandName);
        if (!handler) return { ok: true, value: null };
        return handler(input as never);
      };
    },
  }) as unknown as Api;

  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  return {
    api,
    calls,
    callsOf: <N extends CommandName>(name: N) => calls.filter((c) => c.name === name).map((c) => c.input as CommandInput<N>),
    handle: (name, handler) => handlers.set(name, handler as Handler<CommandName>),
    succeed: (name, value) => handlers.set(name, () => ({ ok: true, value }) as never),
    fail: (name, error) => handlers.set(name, () => ({ ok: false, error })),
    pushState(next) {
      state = next;
      emit('state', next);
    },
    emit: (event, payload) => emit(event, payload),
    get state() {
      return state;
    },
  };
}
