import { afterAll } from 'vitest';
import { closeTestDatabases } from '../helpers/db';

// The integration suite on PostgreSQL (vitest.pg-suite.config.ts): a file's pools close with it.
afterAll(closeTestDatabases);
