import { MessageBar, MessageBarBody } from '@fluentui/react-components';

/** A command error shown where it happened (inside dialogs, where the window's error bar is hidden). */
export function InlineError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <MessageBar intent="error" role="alert" data-testid="inline-error">
      <MessageBarBody>{message}</MessageBarBody>
    </MessageBar>
  );
}
