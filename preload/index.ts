// Preload: exposes the contract-derived `window.api` and nothing else (bundled into ONE CommonJS file).
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from './create-api';

contextBridge.exposeInMainWorld('api', createApi(ipcRenderer));
