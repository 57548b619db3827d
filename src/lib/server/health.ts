import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from './db/index';
import { healthProbe } from './db/schema';

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

/** SQLite's primary result code names the condition (`SQLITE_READONLY_DBMOVED` is read-only). */
export function databaseStateFor(code: string | undefined): DatabaseState {
	if (code === undefined) return 'write-failed';
	if (code.startsWith('SQLITE_FULL')) return 'disk-full';
	if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') return 'read-only';
	if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
	if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
		return 'unavailable';
	return 'write-failed';
}

function freeBytes(file: string): number | null {
	if (file === ':memory:' || file === '') return null;
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
