/**
 * A stand-in for the composed core while main/core/compose.ts does not exist yet: the default AppState and
 * handlers that answer "not available". Lets the bridge and its smoke spec run against the real renderer.
 */
import { type CommandHandlers, commandNames } from '../../shared/ipc';
import type { AppState } from '../../shared/model';
import { AppError } from '../../main/core/errors';
import { defaultCloud, defaultSettings } from '../../main/core/store/schema';
import { TypedEmitter } from '../../main/core/typed-emitter';
import type { SyncServiceLike } from './server';

export function createPlaceholderService(version: string): SyncServiceLike & { emit: TypedEmitter<Record<string, unknown>>['emit'] } {
  const events = new TypedEmitter<Record<string, unknown>>();
  const state: AppState = {
    version,
    configured: false,
    cloud: { ...defaultCloud },
    settings: { ...defaultSettings },
    profiles: [],
    syncs: [],
    pausedUntil: null,
    secretStorage: 'encrypted',
    notices: [],
  };
  const handlers = Object.fromEntries(
    commandNames.map((name) => [
      name,
      async () => {
        if (name === 'app:getState') return state;
        throw new AppError('not_configured', `${name} is not available in the placeholder core.`);
      },
    ]),
  ) as unknown as CommandHandlers;
  return {
    handlers,
    getState: () => state,
    on: events.on.bind(events) as SyncServiceLike['on'],
    emit: events.emit.bind(events),
  };
}
