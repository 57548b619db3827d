// `npm run bench:rate-limit`: the cost per request of the rate limiters (ADR 049,
// docs/performance.md). Times, one after the other on one client each: this process's token
// bucket, the count shared through SQLite (a throwaway file under tests/.tmp, the portal's
// pragmas: WAL, synchronous=FULL), and through PostgreSQL when DATABASE_TEST_URL names a server
// (`. .ci/postgres`), on a throwaway database. Prints microseconds per request (mean, p50, p99
// of the wall time, and this process's CPU). On SQLite the wall time is time the event loop is
// blocked (better-sqlite3 is synchronous, the commit's fsync included); on PostgreSQL the loop
// is free while the server works, and only the CPU column is taken from other requests.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { openDatabase, sqliteOf, type Executor } from '../src/lib/server/db/index';
import type { rateLimitCounters } from '../src/lib/server/db/schema';
import * as pgSchema from '../src/lib/server/db/schema.pg';
import { RateLimiter, tiers } from '../src/lib/server/rate-limit';
import {
	DatabaseRateLimiter,
	SharedRateLimiter
} from '../src/lib/server/instances/shared-rate-limit';

const N = Number(process.env.BENCH_REQUESTS ?? 2000);
mkdirSync('tests/.tmp', { recursive: true });
const dir = mkdtempSync(join('tests/.tmp', 'bench-rate-'));
// The throttle key (the HMAC of the clients) is created next to the database.
process.env.DATABASE_URL = join(dir, 'bench.db');

async function time(label: string, consume: (client: string) => number | Promise<number>) {
	const samples: number[] = [];
	for (let i = 0; i < 200; i++) await consume(`warm-${i}`);
	const cpu = process.cpuUsage();
	for (let i = 0; i < N; i++) {
		const started = process.hrtime.bigint();
		const wait = await consume(`192.0.2.${i % 250}|${i}`);
		samples.push(Number(process.hrtime.bigint() - started) / 1000);
		if (wait !== 0) throw new Error(`${label}: refused`);
	}
	const used = process.cpuUsage(cpu);
	const cpuPerRequest = (used.user + used.system) / N;
	samples.sort((a, b) => a - b);
	const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
	const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
	console.log(
		`${label.padEnd(44)} mean ${mean.toFixed(1).padStart(7)} µs   p50 ${at(0.5).toFixed(1).padStart(7)} µs   p99 ${at(0.99).toFixed(1).padStart(8)} µs   cpu ${cpuPerRequest.toFixed(1).padStart(6)} µs`
	);
}

const tier = tiers.booking;
const memory = new RateLimiter();
await time('memory (token bucket, this process)', (c) => memory.consume(tier, c));

const sqlite = openDatabase(process.env.DATABASE_URL, './drizzle');
const onSqlite = new DatabaseRateLimiter(() => sqlite);
await time('SQLite (one upsert, synchronous=FULL)', (c) => onSqlite.consume(tier, c));
const layered = new SharedRateLimiter(new RateLimiter(), new DatabaseRateLimiter(() => sqlite));
await time('memory then SQLite (as the server)', (c) => layered.consume(tier, c));
sqliteOf(sqlite).close();

const server = process.env.DATABASE_TEST_URL;
if (server) {
	const name = `portail_bench_${process.pid}`;
	const admin = new pg.Client({ connectionString: server });
	await admin.connect();
	await admin.query(`CREATE DATABASE "${name}"`);
	const url = server.replace(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${name}`);
	const pool = new pg.Pool({ connectionString: url, max: 4 });
	const db = drizzle(pool, { schema: pgSchema });
	await migrate(db, { migrationsFolder: './drizzle/pg' });
	const table = pgSchema.rateLimitCounters as unknown as typeof rateLimitCounters;
	const onPg = new DatabaseRateLimiter(() => db as unknown as Executor, undefined, table);
	await time('PostgreSQL (one upsert, local socket)', (c) => onPg.consume(tier, c));
	await pool.end();
	await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
	await admin.end();
} else console.log('PostgreSQL: DATABASE_TEST_URL not set, left out');
rmSync(dir, { recursive: true, force: true });
