/**
 * Who a booking is for, as the booking limits see it (ADR 026): the e-mail address, the phone
 * number and the NIR, each normalised so that writing them differently does not make another
 * person. Pure and framework-free; the keys are stored on the demande (`email_key`,
 * `phone_key`; the NIR is stored normalised already) and never shown.
 */
import { normalizePhone } from './contact';
import { normalizeNir } from './nir';

/** Mailboxes that ignore dots in the local part. */
const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The e-mail as one mailbox: trimmed, lower case, the "+tag" of the local part dropped
 * (`jean+1@x.fr` and `Jean+2@X.fr` reach the same mailbox) and, for Gmail, the dots too.
 */
export function emailKey(email: string): string {
	const value = email.trim().toLowerCase();
	const at = value.lastIndexOf('@');
	if (at <= 0) return value;
	let local = value.slice(0, at);
	let domain = value.slice(at + 1);
	const plus = local.indexOf('+');
	if (plus > 0) local = local.slice(0, plus);
	if (DOTLESS_DOMAINS.has(domain)) {
		local = local.replaceAll('.', '');
		domain = 'gmail.com';
	}
	return `${local}@${domain}`;
}

/**
 * French numbering areas whose international code is not +33 (overseas départements and
 * collectivities): the national prefix (0 and three digits) → the country code.
 */
const OVERSEAS: Record<string, string> = {
	'0262': '262',
	'0263': '262',
	'0692': '262',
	'0693': '262', // La Réunion
	'0269': '262',
	'0639': '262', // Mayotte
	'0590': '590',
	'0690': '590',
	'0691': '590', // Guadeloupe, Saint-Martin, Saint-Barthélemy
	'0594': '594',
	'0694': '594', // Guyane
	'0596': '596',
	'0696': '596',
	'0697': '596', // Martinique
	'0508': '508' // Saint-Pierre-et-Miquelon
};

/**
 * A phone number in E.164 (`+` country code and number, no spaces), from any form the contact
 * form accepts: `06 12 34 56 78` and `+33 6 12 34 56 78` give `+33612345678`; `0692 12 34 56`,
 * `+262 692 12 34 56` and `+33 692 12 34 56` give `+262692123456`. Other international
 * numbers are kept as they are (compacted). Not a phone number: null.
 */
export function phoneE164(input: string): string | null {
	let phone = normalizePhone(input);
	// +33 followed by an overseas prefix is the overseas number dialled the metropolitan way.
	if (/^\+33[1-9]\d{8}$/.test(phone)) phone = `0${phone.slice(3)}`;
	if (/^0[1-9]\d{8}$/.test(phone)) {
		const code = OVERSEAS[phone.slice(0, 4)] ?? '33';
		return `+${code}${phone.slice(1)}`;
	}
	return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : null;
}

/** The normalised identity of a person: the keys a booking limit counts by (null: not given). */
export interface PersonKeys {
	email: string | null;
	phone: string | null;
	nir: string | null;
}

export function personKeys(contact: {
	email: string | null;
	telephone: string | null;
	nir: string | null;
}): PersonKeys {
	return {
		email: contact.email ? emailKey(contact.email) : null,
		phone: contact.telephone ? phoneE164(contact.telephone) : null,
		nir: contact.nir ? normalizeNir(contact.nir) : null
	};
}
