/**
 * Phone numbers in public texts: found in a translated sentence so that each becomes a
 * `tel:` link, and people's own numbers written the French way ("06 12 34 56 78").
 * Framework-free.
 */

/** A piece of text, or a phone number with its `tel:` target. */
export type TextPart = { text: string; tel?: undefined } | { text: string; tel: string };

/**
 * The numbers public texts give: 36 46 (Assurance Maladie), 3114 (suicide prevention), 112,
 * 15 when followed by "(SAMU)", and French ten-digit numbers written in pairs. Kept narrow on
 * purpose: "15 jours" or "15 chiffres" are not phone numbers.
 */
const NUMBER = /\b36 46\b|\b3114\b|\b112\b|\b15(?= \(SAMU\))|\b0[1-9](?: \d{2}){4}\b/g;

/** `tel:` target of a number as written: digits only ("36 46" → "tel:3646"). */
export function telHref(number: string): string {
	return `tel:${number.replace(/[^\d+]/g, '')}`;
}

/** The sentence cut into text and phone numbers, in order; joined, the parts give it back. */
export function splitPhoneNumbers(sentence: string): TextPart[] {
	const parts: TextPart[] = [];
	let last = 0;
	for (const match of sentence.matchAll(NUMBER)) {
		const index = match.index ?? 0;
		if (index > last) parts.push({ text: sentence.slice(last, index) });
		parts.push({ text: match[0], tel: telHref(match[0]) });
		last = index + match[0].length;
	}
	if (last < sentence.length) parts.push({ text: sentence.slice(last) });
	return parts;
}

/**
 * A stored phone number (E.164, see booking/identity.ts, or as typed) written for reading:
 * French numbers as "06 12 34 56 78", overseas ones as "0692 12 34 56" (their usual form);
 * anything else is returned unchanged.
 */
export function formatPhone(phone: string): string {
	const compact = phone.replace(/[\s.\-\u00a0\u202f]/g, '');
	const overseas = /^\+(?:262|269|590|594|596|508)(\d{9})$/.exec(compact);
	if (overseas) {
		const n = `0${overseas[1]}`;
		// Overseas numbers are read with a four-digit prefix: "0692 12 34 56".
		return `${n.slice(0, 4)} ${n.slice(4, 6)} ${n.slice(6, 8)} ${n.slice(8)}`;
	}
	const metropolitan = /^(?:0|\+33)([1-9]\d{8})$/.exec(compact);
	if (!metropolitan) return phone;
	return `0${metropolitan[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}
