import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from './db/index';
import { healthProbe } from './db/schema';
import { isPostgresUrl } from './db/dialect';

/**
 * What `/healthz` reports about the database (ADR 028). A read answers on a full disk or a
 * read-only file while every booking fails, so the check also **writes**: it updates the one
 * row of `health_probe` (a committed, fsynced write like a booking's), and it reads the free
 * space of the database's file system. The result is kept `CACHE_MS`: a flood of `/healthz`
 * makes at most one write per interval.
 */
export type DatabaseState =
	'writable' | 'read-only' | 'disk-full' | 'busy' | 'write-failed' | 'unavailable';

export interface HealthReport {
	ok: boolean;
	database: DatabaseState;
	/** Free bytes for the portal on the database's file system, null when unknown (`:memory:`). */
	diskFreeBytes: number | null;
	/** SQLite's error code when the write failed (never a message: no data in the answer). */
	errorCode?: string;
}

export interface HealthCheckOptions {
	/** The database, opened lazily (a failure to open is reported as `unavailable`). */
	db: () => Db;
	/** The database file (for the free space of its file system). */
	file: string;
	now?: () => number;
	/** How long a result is reused. */
	cacheMs?: number;
	/** Below this much free space the portal is reported unhealthy: the next bookings would fail. */
	minFreeBytes?: number;
}

export const HEALTH_CACHE_MS = 5_000;
export const MIN_FREE_BYTES = 16 * 1024 * 1024;

/**
 * SQLite's primary result code names the condition (`SQLITE_READONLY_DBMOVED` is read-only);
 * on PostgreSQL the SQLSTATE does (disk full 53100, read-only transaction 25006, lock timeouts
 * and deadlocks, connection failures and a server that starts or stops), ADR 050.
 */
export function databaseStateFor(code: string | undefined): DatabaseState {
	if (code === undefined) return 'write-failed';
	if (/^[0-9A-Z]{5}$/.test(code)) return postgresStateFor(code);
	if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT'].includes(code)) return 'unavailable';
	if (code.startsWith('SQLITE_FULL')) return 'disk-full';
	if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') return 'read-only';
	if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
	if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
		return 'unavailable';
	return 'write-failed';
}

const POSTGRES_BUSY = new Set(['40001', '40P01', '55P03', '57014']);
const POSTGRES_UNAVAILABLE = ['08', '57P', '3D000', '28'];

function postgresStateFor(code: string): DatabaseState {
	if (code === '53100') return 'disk-full';
	if (code === '25006') return 'read-only';
	if (POSTGRES_BUSY.has(code)) return 'busy';
	if (POSTGRES_UNAVAILABLE.some((prefix) => code.startsWith(prefix))) return 'unavailable';
	return 'write-failed';
}

function freeBytes(file: string): number | null {
	// PostgreSQL's disk is the server's: its own monitoring watches it.
	if (file === ':memory:' || file === '' || isPostgresUrl(file)) return null;
	try {
		const stats = statfsSync(dirname(file));
		return stats.bavail * stats.bsize;
	} catch {
		return null;
	}
}

/** The write probe: one row, its time. Throws SQLite's error when the database refuses the write. */
export async function probeWrite(db: Db, at: Date): Promise<void> {
	const checkedAt = at.toISOString();
	await db
		.insert(healthProbe)
		.values({ id: 1, checkedAt })
		.onConflictDoUpdate({ target: healthProbe.id, set: { checkedAt } });
}

export function createHealthCheck(options: HealthCheckOptions): () => Promise<HealthReport> {
	const now = options.now ?? Date.now;
	const cacheMs = options.cacheMs ?? HEALTH_CACHE_MS;
	const minFree = options.minFreeBytes ?? MIN_FREE_BYTES;
	let cached: { at: number; report: HealthReport } | null = null;
	return async () => {
		const at = now();
		if (cached && at >= cached.at && at - cached.at < cacheMs) return cached.report;
		const diskFreeBytes = freeBytes(options.file);
		let report: HealthReport;
		try {
			await probeWrite(options.db(), new Date(at));
			const lowDisk = diskFreeBytes !== null && diskFreeBytes < minFree;
			report = { ok: !lowDisk, database: lowDisk ? 'disk-full' : 'writable', diskFreeBytes };
		} catch (error) {
			const code =
				typeof (error as { code?: unknown }).code === 'string'
					? (error as { code: string }).code
					: undefined;
			report = {
				ok: false,
				database: databaseStateFor(code),
				diskFreeBytes,
				...(code ? { errorCode: code } : {})
			};
		}
		cached = { at, report };
		return report;
	};
}
