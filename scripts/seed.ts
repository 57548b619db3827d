// `npm run db:seed`: resets the demo data of DATABASE_URL (migrating it first).
import { closeDatabase, openReadyDatabase } from '../src/lib/server/db/index';
import { seedDemoData } from '../src/lib/server/db/seed';
import { env } from '../src/lib/server/env';

const config = env();
const db = await openReadyDatabase(config.DATABASE_URL, config.MIGRATIONS_DIR);
await seedDemoData(db, { onlyIfEmpty: false });
await closeDatabase(db);
console.log('Demo data reset');
