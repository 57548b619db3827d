// `npm run db:migrate`: applies the committed migrations in drizzle/ (drizzle/pg on PostgreSQL) to DATABASE_URL.
// (The server also does it at start; this is for deployments that migrate first.)
import { closeDatabase, openReadyDatabase } from '../src/lib/server/db/index';
import { env } from '../src/lib/server/env';

const config = env();
await closeDatabase(await openReadyDatabase(config.DATABASE_URL, config.MIGRATIONS_DIR));
console.log('Migrations applied');
