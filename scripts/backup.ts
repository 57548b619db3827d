// `npm run db:backup [-- --dir backups]`: online backup of DATABASE_URL into a timestamped file,
// safe while the server runs. Restore: stop the server, copy the file over DATABASE_URL
// (remove its -wal and -shm files), start the server (docs/operations.md).
import { backupDatabase } from '../src/lib/server/db/backup';
import { env } from '../src/lib/server/env';

const dirFlag = process.argv.indexOf('--dir');
const directory = dirFlag > 0 ? (process.argv[dirFlag + 1] ?? 'backups') : 'backups';
const file = await backupDatabase(env().DATABASE_URL, directory);
console.log(`Backup written to ${file}`);
