import { env } from '$lib/server/env';
import { readOrCreateLinkKey } from './seal';

const keys = new Map<string, Buffer>();

/** The file of the link key: LINK_KEY_FILE, else next to the database (`portail.db.key`). */
export function linkKeyFile(): string {
	const config = env();
	return config.LINK_KEY_FILE ?? `${config.DATABASE_URL}.key`;
}

/** The link key of this process (read, or created on first use), ADR 025. */
export function linkKey(): Buffer {
	const file = linkKeyFile();
	let key = keys.get(file);
	if (!key) keys.set(file, (key = readOrCreateLinkKey(file)));
	return key;
}
