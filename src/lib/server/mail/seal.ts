import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Personal links in e-mails (manage links, staff activation and reset links) without a working
 * token at rest (ADR 025). A queued mail's text holds LINK_TOKEN where the token goes; the
 * token itself is sealed (AES-256-GCM) with the link key, a file kept outside the database,
 * put into the text only when the mail is sent, and cleared once sent. A copy of the database
 * alone (a backup, a stolen file) yields no working link.
 *
 * Plain Node (no SvelteKit alias): the e2e helpers read queued mails with it too.
 */

/**
 * Where a mail's token goes in its text and .ics. As long as a token (32 characters), so that
 * the .ics line folding stays valid when the token takes its place; not a token's shape, and
 * never typed by a person (`{` is refused in names).
 */
export const LINK_TOKEN = '{{lien-personnel--jeton-scelle}}';
const TOKEN_LENGTH = 32;
/** LINK_TOKEN, also when an .ics line fold (CRLF + space or tab) cuts it. */
const PLACEHOLDER = new RegExp(
	[...LINK_TOKEN].map((c) => c.replace(/[{}]/g, '\\$&')).join('(\r\n[ \t])?'),
	'g'
);

/** `text` with every LINK_TOKEN replaced by `token`, keeping any fold where it was. */
export function putToken(text: string, token: string): string {
	if (token.length !== TOKEN_LENGTH) throw new RangeError('A link token has 32 characters');
	return text.replace(PLACEHOLDER, (...match: unknown[]) =>
		[...token]
			.map((c, i) => c + ((i < TOKEN_LENGTH - 1 ? (match[i + 1] as string | undefined) : '') ?? ''))
			.join('')
	);
}

const VERSION = 'v1';
const KEY_BYTES = 32;

/** The token sealed with `key`: `v1.<iv>.<ciphertext+tag>` (base64url). */
export function sealToken(token: string, key: Buffer): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
	return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** The token of a sealed value, or null (another key, tampered, malformed). */
export function unsealToken(sealed: string, key: Buffer): string | null {
	const [version, iv, body] = sealed.split('.');
	if (version !== VERSION || !iv || !body) return null;
	try {
		const bytes = Buffer.from(body, 'base64url');
		if (bytes.length < 17) return null;
		const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
		decipher.setAuthTag(bytes.subarray(bytes.length - 16));
		return Buffer.concat([
			decipher.update(bytes.subarray(0, bytes.length - 16)),
			decipher.final()
		]).toString('utf8');
	} catch {
		return null;
	}
}

/**
 * The text and .ics to send: LINK_TOKEN replaced by the unsealed token. Null when the mail has
 * a link but its token cannot be unsealed (the link key was lost or replaced).
 */
export function renderMail(
	mail: { text: string; ics: string | null; sealedToken: string | null },
	key: Buffer
): { text: string; ics: string | null } | null {
	if (mail.sealedToken === null) return { text: mail.text, ics: mail.ics };
	const token = unsealToken(mail.sealedToken, key);
	if (token === null || token.length !== TOKEN_LENGTH) return null;
	return {
		text: putToken(mail.text, token),
		ics: mail.ics === null ? null : putToken(mail.ics, token)
	};
}

const LEGACY_LINK = /(\/rendez-vous\/gerer\/|\/espace-pro\/activation\/)[a-z2-7]{32}/g;

/** Link tokens left in a text (mails queued before ADR 025): replaced by LINK_TOKEN once sent. */
export function scrubLinkTokens(text: string): string {
	return text.replace(LEGACY_LINK, `$1${LINK_TOKEN}`);
}

/** Whether an .ics (folded or not) still holds a link token (mails queued before ADR 025). */
export function icsHoldsLinkToken(ics: string): boolean {
	return new RegExp(LEGACY_LINK.source).test(ics.replace(/\r\n[ \t]/g, ''));
}

/**
 * The link key in `file`, created (32 random bytes, base64, mode 0600) when missing. Throws
 * when the file exists but does not hold a key (never replaced silently: its mails would die).
 */
export function readOrCreateLinkKey(file: string): Buffer {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		mkdirSync(dirname(file), { recursive: true });
		try {
			writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, {
				mode: 0o600,
				flag: 'wx'
			});
			chmodSync(file, 0o600);
		} catch (created) {
			// Another process created it first: read theirs.
			if ((created as NodeJS.ErrnoException).code !== 'EEXIST') throw created;
		}
		text = readFileSync(file, 'utf8');
	}
	const key = Buffer.from(text.trim(), 'base64');
	if (key.length !== KEY_BYTES)
		throw new Error(
			`The link key file ${file} does not hold a ${KEY_BYTES}-byte base64 key (LINK_KEY_FILE, docs/security.md)`
		);
	return key;
}
