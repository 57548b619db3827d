/**
 * The inbox search (ADR 040): what a staff member typed in the one search field, classified —
 * a demande reference, an e-mail, a phone number or a name — and normalised the way the
 * database stores it. Pure and framework-free (no clock, no database); the schema builds the
 * name key's SQL from the same fold table, so the stored key and the typed term always fold alike.
 */
import { emailKey, phoneE164 } from '../booking/identity';

/** Longest term read (longer input is cut): a name, an e-mail or a phone fits well within. */
export const SEARCH_MAX_LENGTH = 80;
/** Shortest name term: one letter would match half the inbox. */
export const NAME_MIN_LENGTH = 2;

export type SearchQuery =
	| { kind: 'reference'; reference: string }
	| { kind: 'email'; emailKey: string }
	| { kind: 'phone'; phoneKey: string }
	/** Every token must appear, in any order, inside the folded "nom prénom". */
	| { kind: 'name'; tokens: string[] }
	/** Not searchable (a phone number too short, a single letter…): matches nothing. */
	| { kind: 'invalid' };

/**
 * The characters the name key folds: accented letters (both cases) to their base letter, the
 * combining accents of decomposed text to nothing, hyphens to spaces and the typographic
 * apostrophe to the straight one. ASCII letters are lower-cased after (SQLite's `lower()` only
 * lowers ASCII, so the JavaScript side does the same).
 */
export const NAME_FOLDS: readonly (readonly [string, string])[] = [
	...pairs('àáâãäåÀÁÂÃÄÅ', 'a'),
	...pairs('æÆ', 'ae'),
	...pairs('çÇ', 'c'),
	...pairs('èéêëÈÉÊË', 'e'),
	...pairs('ìíîïÌÍÎÏ', 'i'),
	...pairs('ñÑ', 'n'),
	...pairs('òóôõöøÒÓÔÕÖØ', 'o'),
	...pairs('œŒ', 'oe'),
	...pairs('ùúûüÙÚÛÜ', 'u'),
	...pairs('ýÿÝŸ', 'y'),
	...pairs('\u0300\u0301\u0302\u0303\u0308\u0327', ''),
	['-', ' '],
	['\u2019', "'"]
];

function pairs(chars: string, to: string): [string, string][] {
	return Array.from(chars, (c) => [c, to]);
}

/** A name folded as the stored key is: accents off, ASCII lower case, hyphens as spaces. */
export function foldName(value: string): string {
	let folded = value;
	for (const [from, to] of NAME_FOLDS) folded = folded.replaceAll(from, to);
	return folded.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The SQL of the stored name key (a generated column): `' ' || nom || ' ' || prenom`, folded
 * with NAME_FOLDS then `lower()`. Built from the table, never typed twice.
 */
export function nameKeySql(nom: string, prenom: string): string {
	let expression = `(' ' || ${nom} || ' ' || ${prenom})`;
	for (const [from, to] of NAME_FOLDS)
		expression = `replace(${expression}, ${sqlString(from)}, ${sqlString(to)})`;
	return `lower(${expression})`;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** References are PDP- and 8 characters of this alphabet (no I, L, O, 0, 1). */
const REFERENCE_BODY = /^[A-HJKMNP-Z2-9]{8}$/;
const PHONE_LIKE = /^\+?[\d\s.\-()\u00a0\u202f]+$/;

/**
 * What the term is. A reference is recognised case- and dash-insensitively, with its "PDP"
 * prefix, or without it when it holds a digit (8 letters alone are more likely a name).
 */
export function classifySearch(input: string): SearchQuery {
	const term = input.normalize('NFC').slice(0, SEARCH_MAX_LENGTH).trim();
	const compact = term.toUpperCase().replace(/[\s\-._]/g, '');
	if (compact.startsWith('PDP') && REFERENCE_BODY.test(compact.slice(3)))
		return { kind: 'reference', reference: `PDP-${compact.slice(3)}` };
	if (REFERENCE_BODY.test(compact) && /\d/.test(compact))
		return { kind: 'reference', reference: `PDP-${compact}` };
	if (term.includes('@')) {
		const key = emailKey(term);
		return /^[^@\s]+@[^@\s]+$/.test(key) ? { kind: 'email', emailKey: key } : { kind: 'invalid' };
	}
	if (PHONE_LIKE.test(term) && /\d/.test(term)) {
		const phone = phoneE164(term);
		return phone === null ? { kind: 'invalid' } : { kind: 'phone', phoneKey: phone };
	}
	const tokens = foldName(term)
		.split(/[\s,;]+/)
		.filter((token) => token.length > 0);
	if (tokens.join('').length < NAME_MIN_LENGTH) return { kind: 'invalid' };
	return { kind: 'name', tokens };
}
