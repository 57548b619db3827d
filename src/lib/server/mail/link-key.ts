import { env } from '$lib/server/env';
import { isPostgresUrl } from '$lib/server/db/dialect';
import { readOrCreateLinkKey } from './seal';

const keys = new Map<string, Buffer>();

/**
 * The file of the link key: LINK_KEY_FILE, else next to the SQLite database (`portail.db.key`),
 * or `./data/link.key` on PostgreSQL (several instances must share one key: set LINK_KEY_FILE).
 */
export function linkKeyFile(): string {
	const config = env();
	if (config.LINK_KEY_FILE) return config.LINK_KEY_FILE;
	return isPostgresUrl(config.DATABASE_URL) ? './data/link.key' : `${config.DATABASE_URL}.key`;
}

/** The link key of this process (read, or created on first use), ADR 025. */
export function linkKey(): Buffer {
	const file = linkKeyFile();
	let key = keys.get(file);
	if (!key) keys.set(file, (key = readOrCreateLinkKey(file)));
	return key;
}
