/**
 * Finds personal data in a log (ADR 018): e-mail addresses other than the allowed ones,
 * NIR-like numbers, and given names. Used by the e2e suite on the server's log
 * (tests/e2e/log-check.teardown.ts) and usable by operators on any log file. Pure: no I/O.
 */

export interface LogScanOptions {
	/** Names (and any other literal) that must not appear; matched case-insensitively as whole words. */
	names?: readonly string[];
	/** Literal NIRs to look for in any spacing, on top of the generic NIR shapes. */
	nirs?: readonly string[];
	/** Addresses a log may hold on purpose (service mailboxes, demo staff): anything else is a finding. */
	allowedEmails?: RegExp;
	/** "Now", to tell a millisecond timestamp from a 13-digit NIR (default: Date.now()). */
	now?: number;
}

export interface LogFinding {
	kind: 'email' | 'nir' | 'name';
	/** 1-based line number in the log. */
	line: number;
	/** What matched, masked except its first and last character: the report must not leak it either. */
	masked: string;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * A NIR: sex digit, year, month, département (digits or 2A/2B), commune, order, optional key;
 * 13 or 15 characters, spaces, dots or dashes allowed between the groups.
 */
const NIR =
	/(?<![\dA-Za-z])[1-478][ .-]?\d{2}[ .-]?\d{2}[ .-]?(?:\d{2}|2[AaBb])[ .-]?\d{3}[ .-]?\d{3}(?:[ .-]?\d{2})?(?![\dA-Za-z])/g;
const YEAR_MS = 365 * 24 * 3600 * 1000;

function mask(value: string): string {
	return value.length <= 2 ? '**' : `${value[0]}${'*'.repeat(value.length - 2)}${value.at(-1)}`;
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Digits of a NIR with any separator between them. */
const spaced = (nir: string) =>
	new RegExp(
		nir
			.replace(/[^0-9AaBb]/g, '')
			.split('')
			.map(escape)
			.join('[ .-]?'),
		'i'
	);

export function scanLog(log: string, options: LogScanOptions = {}): LogFinding[] {
	const now = options.now ?? Date.now();
	const names = (options.names ?? []).filter((name) => name.trim().length > 0);
	const nameRegexes = names.map(
		(name) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'iu')
	);
	const nirRegexes = (options.nirs ?? []).map(spaced);
	const findings: LogFinding[] = [];
	log.split('\n').forEach((text, index) => {
		const line = index + 1;
		for (const match of text.matchAll(EMAIL)) {
			if (options.allowedEmails?.test(match[0])) continue;
			findings.push({ kind: 'email', line, masked: mask(match[0]) });
		}
		for (const match of text.matchAll(NIR)) {
			const digits = match[0].replace(/[ .-]/g, '');
			// A 13-digit run within ten years of now is a millisecond timestamp, not a NIR.
			if (/^\d{13}$/.test(digits) && Math.abs(Number(digits) - now) < 10 * YEAR_MS) continue;
			findings.push({ kind: 'nir', line, masked: mask(match[0]) });
		}
		for (const regex of nirRegexes) {
			const match = regex.exec(text);
			if (match && !findings.some((f) => f.kind === 'nir' && f.line === line))
				findings.push({ kind: 'nir', line, masked: mask(match[0]) });
		}
		for (const regex of nameRegexes) {
			const match = regex.exec(text);
			if (match) findings.push({ kind: 'name', line, masked: mask(match[0]) });
		}
	});
	return findings;
}
