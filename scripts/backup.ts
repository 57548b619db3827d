// `npm run db:backup [-- --dir backups]`: online backup of DATABASE_URL into a timestamped file,
// safe while the server runs. Restore: stop the server, copy the file over DATABASE_URL
// (remove its -wal and -shm files), start the server (docs/operations.md).
// On PostgreSQL: pg_dump; this script says so and stops (exit code 1).
import { POSTGRES_BACKUP, backupDatabase } from '../src/lib/server/db/backup';
import { isPostgresUrl } from '../src/lib/server/db/dialect';
import { env } from '../src/lib/server/env';

if (isPostgresUrl(env().DATABASE_URL)) {
	console.error(POSTGRES_BACKUP);
	process.exit(1);
}

const dirFlag = process.argv.indexOf('--dir');
const directory = dirFlag > 0 ? (process.argv[dirFlag + 1] ?? 'backups') : 'backups';
const file = await backupDatabase(env().DATABASE_URL, directory);
console.log(`Backup written to ${file}`);
