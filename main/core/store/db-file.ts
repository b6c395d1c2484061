/** db.json's name and the schema version this build reads and writes; zod-free, for db-peek.ts. */
export const DB_FILE = 'db.json';
export const SCHEMA_VERSION = 5;
