import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { windowApi } from './api/window-api';
import { App } from './app/app';
import './app/global.css';

const root = createRoot(document.getElementById('root')!);
try {
  const api = windowApi();
  root.render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  );
} catch (error) {
  root.render(<p role="alert">{error instanceof Error ? error.message : String(error)}</p>);
}
