// `npm run db:migrate`: applies the committed migrations in drizzle/ to DATABASE_URL.
// (The server also does it at start; this is for deployments that migrate first.)
import { sqliteOf, openDatabase } from '../src/lib/server/db/index';
import { env } from '../src/lib/server/env';

const config = env();
sqliteOf(openDatabase(config.DATABASE_URL, config.MIGRATIONS_DIR)).close();
console.log(`Migrations applied to ${config.DATABASE_URL}`);
