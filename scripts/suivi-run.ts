// `npm run suivi:run [-- --now=2027-06-01T08:00:00Z]`: runs the 6-month follow-up job once on
// DATABASE_URL (ADR 045), at `--now` if given (tests, replays); the server runs it hourly.
import { closeDatabase, openReadyDatabase } from '../src/lib/server/db/index';
import { env } from '../src/lib/server/env';
import { runSuivis, suiviConfigFromEnv } from '../src/lib/server/suivi/job';

const arg = process.argv.find((value) => value.startsWith('--now='));
const now = arg ? new Date(arg.slice('--now='.length)) : new Date();
if (Number.isNaN(now.getTime())) {
	console.error('--now: not a date (ISO 8601, e.g. 2027-06-01T08:00:00Z)');
	process.exit(2);
}
const config = env();
const db = await openReadyDatabase(config.DATABASE_URL, config.MIGRATIONS_DIR);
const run = await runSuivis(db, suiviConfigFromEnv(), now);
await closeDatabase(db);
console.log(JSON.stringify(run));
