/**
 * Loaded first in a test's engine-host worker (scripts/tsx-worker.mjs `preload`): a worker thread has its own
 * fetch dispatcher, so it must trust the fake cloud's CA itself (the file named by ODM_TEST_FAKE_CA).
 */
import { readFileSync } from 'node:fs';
import { trustCaInProcess } from '../fake-cloud/trust-ca';

const file = process.env.ODM_TEST_FAKE_CA;
if (file) trustCaInProcess(readFileSync(file, 'utf8'));
