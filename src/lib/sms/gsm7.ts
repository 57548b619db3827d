/**
 * SMS texts in the GSM 7-bit default alphabet (3GPP TS 23.038), so that one message fits 160
 * characters instead of 70 in UCS-2: French letters the alphabet lacks (ê, â, ç, î, ô, û, œ…)
 * are written without their accent, typographic quotes and spaces as plain ones.
 * Pure and framework-free.
 */

/** The basic character set (one septet each). */
const BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table (an escape and the character: two septets each). */
const EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

/** Replacements before the accents are dropped (NFD) for what has no GSM-7 form. */
const REPLACEMENTS: Record<string, string> = {
	'\u00a0': ' ',
	'\u202f': ' ',
	'\u2009': ' ',
	'’': "'",
	'‘': "'",
	'«': '"',
	'»': '"',
	'“': '"',
	'”': '"',
	'–': '-',
	'—': '-',
	'…': '...',
	œ: 'oe',
	Œ: 'OE',
	ç: 'c'
};

/** One septet per character of the basic set, two for the extension table. */
export const SEGMENT_SINGLE = 160;
/** A part of a concatenated message: 7 septets go to the header. */
export const SEGMENT_PART = 153;

/** The text in the GSM 7-bit alphabet: accents the alphabet lacks dropped, anything else '?'. */
export function toGsm7(text: string): string {
	let result = '';
	for (const char of text) {
		if (basic.has(char) || extension.has(char)) {
			result += char;
			continue;
		}
		const replaced = REPLACEMENTS[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
		for (const c of replaced) result += basic.has(c) || extension.has(c) ? c : '?';
	}
	return result;
}

/** Septets the text takes (extension characters count two); call on a toGsm7 text. */
export function gsm7Length(text: string): number {
	let length = 0;
	for (const char of text) length += extension.has(char) ? 2 : 1;
	return length;
}

/** How many SMS the text is sent as: 1 up to 160 septets, then parts of 153. */
export function segmentCount(text: string): number {
	const length = gsm7Length(text);
	return length <= SEGMENT_SINGLE ? 1 : Math.ceil(length / SEGMENT_PART);
}
