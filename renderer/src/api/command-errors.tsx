/**
 * Errors from commands, shown at the top of the window until dismissed (never swallowed).
 * This is UI state (what the user has not yet read), not a copy of the model.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarGroup,
  MessageBarTitle,
} from '@fluentui/react-components';
import type { AppErrorValue } from '../../../shared/model';

export interface CommandError {
  id: number;
  command: string;
  error: AppErrorValue;
}

interface CommandErrorsValue {
  errors: CommandError[];
  report(command: string, error: AppErrorValue): void;
  dismiss(id: number): void;
}

const CommandErrorsContext = createContext<CommandErrorsValue | null>(null);

export function CommandErrorsProvider({ children }: { children: ReactNode }) {
  const [errors, setErrors] = useState<CommandError[]>([]);
  const nextId = useRef(1);
  const report = useCallback((command: string, error: AppErrorValue) => {
    const id = nextId.current++;
    // Keep the last few: a burst of the same failure should not fill the window.
    setErrors((list) => [...list.filter((e) => e.error.message !== error.message), { id, command, error }].slice(-3));
  }, []);
  const dismiss = useCallback((id: number) => setErrors((list) => list.filter((e) => e.id !== id)), []);
  const value = useMemo(() => ({ errors, report, dismiss }), [errors, report, dismiss]);
  return <CommandErrorsContext.Provider value={value}>{children}</CommandErrorsContext.Provider>;
}

export function useCommandErrors(): CommandErrorsValue {
  const value = useContext(CommandErrorsContext);
  if (!value) throw new Error('useCommandErrors must be used inside <CommandErrorsProvider>.');
  return value;
}

/** The visible list of command errors. */
export function CommandErrorBars() {
  const { errors, dismiss } = useCommandErrors();
  if (errors.length === 0) return null;
  return (
    <MessageBarGroup data-testid="command-errors">
      {errors.map((e) => (
        <MessageBar key={e.id} intent="error" role="alert" data-testid="command-error">
          <MessageBarBody>
            <MessageBarTitle>Could not complete that</MessageBarTitle>
            {e.error.message}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="transparent" aria-label="Dismiss error" onClick={() => dismiss(e.id)}>
              Dismiss
            </Button>
          </MessageBarActions>
        </MessageBar>
      ))}
    </MessageBarGroup>
  );
}
