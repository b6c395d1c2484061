/**
 * SyncService: the one facade over the core, used by the IPC router, the tray, the e2e bridge and the CLI.
 * It owns the state snapshot and emits it on change; commands arrive through `handlers` (one per contract
 * command, input already validated by the caller).
 */
import type { AppState } from '../../shared/model';
import type { AppNotification, CommandHandlers, CommandName } from '../../shared/ipc';
import { AppError } from './errors';
import { TypedEmitter } from './typed-emitter';
import { defaultCloud, defaultSettings } from './store/schema';

export interface ServiceEvents extends Record<string, unknown> {
  state: AppState;
  notification: AppNotification;
  navigate: { view: 'syncs' | 'accounts' | 'activity' | 'settings'; id: string | null };
}

export interface SyncServiceOptions {
  version: string;
}

export class SyncService {
  readonly events = new TypedEmitter<ServiceEvents>();
  private state: AppState;

  constructor(private readonly options: SyncServiceOptions) {
    this.state = {
      version: options.version,
      configured: false,
      cloud: { ...defaultCloud },
      settings: { ...defaultSettings },
      profiles: [],
      syncs: [],
      pausedUntil: null,
      secretStorage: 'encrypted',
      notices: [],
    };
  }

  getState(): AppState {
    return this.state;
  }

  on<E extends keyof ServiceEvents>(event: E, listener: (payload: ServiceEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  readonly handlers: CommandHandlers = new Proxy({} as CommandHandlers, {
    get: (_target, name: string) => {
      if (name === 'app:getState') return async () => this.getState();
      return async () => {
        throw new AppError('internal', `${name as CommandName} is not available yet`);
      };
    },
  });
}
