import pg from 'pg';
import { serverUrl } from '../helpers/pg';

/** Fails the PostgreSQL tier once, clearly, when its server is not set or does not answer. */
export default async function setup(): Promise<void> {
	const client = new pg.Client({ connectionString: serverUrl(), connectionTimeoutMillis: 5000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
	} catch (error) {
		throw new Error(
			`The PostgreSQL server of DATABASE_TEST_URL does not answer (${(error as Error).message}): \`. .ci/postgres\` starts Debian's.`,
			{ cause: error }
		);
	} finally {
		await client.end().catch(() => undefined);
	}
}
