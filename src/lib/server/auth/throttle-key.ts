import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { env } from '$lib/server/env';
import { isPostgresUrl } from '$lib/server/db/dialect';
import { logger } from '$lib/server/log';

/**
 * The secret key of the login throttle's HMAC keys (ADR 027): client addresses and typed
 * e-mail addresses are stored only as HMAC-SHA-256 under this key, so that a copy of the
 * database (a backup) does not let anyone test which address or e-mail tried to log in (an
 * unkeyed hash of an IPv4 address is reversed by trying the 2^32 of them).
 *
 * The key lives in `login-throttle.key` next to the database file, outside the database and
 * its backups; it is created (mode 0600) on first use. Losing it only resets the throttle
 * (rows live a day). When the file cannot be read or written, a key for this process is used
 * (the throttle then restarts with the process) and a warning is logged.
 */
export const KEY_FILE_NAME = 'login-throttle.key';

/**
 * The key's file: THROTTLE_KEY_FILE when set (several instances name one shared file, ADR 049),
 * else next to the SQLite file; on PostgreSQL, which has no file to sit next to, in `data/`
 * under the working directory.
 */
export function keyFileFor(databaseUrl: string, configured?: string): string | null {
	if (configured !== undefined) return configured;
	if (databaseUrl === ':memory:' || databaseUrl.startsWith('file::memory:')) return null;
	// On PostgreSQL there is no database file: the data folder of the process (ADR 050).
	if (isPostgresUrl(databaseUrl)) return join('./data', KEY_FILE_NAME);
	return join(dirname(databaseUrl), KEY_FILE_NAME);
}

const HEX_KEY = /^[0-9a-f]{64}$/;

function readKey(file: string): Buffer | null {
	try {
		const text = readFileSync(file, 'utf8').trim();
		return HEX_KEY.test(text) ? Buffer.from(text, 'hex') : null;
	} catch {
		return null;
	}
}

/** The key stored in `file`, created if absent (null: a key for this process only). */
export function loadOrCreateKey(file: string | null): Buffer {
	if (file === null) return randomBytes(32);
	const existing = readKey(file);
	if (existing) return existing;
	const fresh = randomBytes(32);
	try {
		// The data folder of a PostgreSQL process may not exist yet (no database file made it).
		mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
		writeFileSync(file, `${fresh.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
		return fresh;
	} catch (error) {
		// Another process created it first: use theirs.
		const raced = readKey(file);
		if (raced) return raced;
		logger.warn('login throttle key not stored: using a key for this process', {
			error: error instanceof Error && 'code' in error ? String(error.code) : 'unknown'
		});
		return fresh;
	}
}

let key: Buffer | undefined;

/** HMAC-SHA-256 (hex) of `value` under the throttle key. */
export function throttleHmac(value: string): string {
	key ??= loadOrCreateKey(keyFileFor(env().DATABASE_URL, env().THROTTLE_KEY_FILE));
	return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
