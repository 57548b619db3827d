/**
 * The contact form of a booking or a callback request: one zod schema, at module scope,
 * shared by the form actions (authoritative) and the tests. Messages are locale keys of the
 * `booking` namespace, translated where they are shown.
 */
import { z } from 'zod';
import { departementCodes } from '../departements/data';
import { isValidNir, normalizeNir } from './nir';
import { reachRuleFor } from './reach';
import type { Mode } from '../vocabulary';

export const NAME_MAX = 80;
export const EMAIL_MAX = 254;
export const PHONE_MAX = 20;
export const MESSAGE_MAX = 500;
/** Longest NIR as typed with spaces ("2 55 08 14 168 025 38" is 21 characters). */
export const NIR_INPUT_MAX = 30;

/** A person's name and how to reach them: the limits every form asking for them shares. */
export const personLimits = { name: NAME_MAX, email: EMAIL_MAX, phone: PHONE_MAX };

/** The limits, for the pages' maxlength attributes and hints (sent as data: no zod in the browser). */
export const contactLimits = { ...personLimits, nir: NIR_INPUT_MAX, message: MESSAGE_MAX };
export type ContactLimits = typeof contactLimits;

/** Letters of any script, spaces, apostrophes (' and ’), hyphens and dots; starts with a letter. */
const NAME = /^\p{L}[\p{L}\p{M} '’.-]*$/u;

/** The fields of the contact form, as posted (the honeypot is `website`). */
export const contactFieldNames = [
	'nom',
	'prenom',
	'email',
	'telephone',
	'nir',
	'message',
	'shareResult',
	'smsRefus',
	'departement',
	'website',
	'suiviConsent'
] as const;

/** '' and blanks count as "not given". */
function blankToUndefined(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/**
 * A phone number as typed → compact form: spaces, dots, dashes and brackets removed,
 * "(0)" after a country code dropped, a leading 00 read as +, "+33 0…" read as "+33 …".
 */
export function normalizePhone(input: string): string {
	let phone = input
		.trim()
		.replace('(0)', '')
		.replace(/[\s.\-()\u00a0\u202f]/g, '');
	if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
	if (/^\+330\d{9}$/.test(phone)) phone = `+33${phone.slice(4)}`;
	return phone;
}

/**
 * A French number (10 digits starting with 0, overseas included: 0262, 0590, 0694…), a
 * French number in international form (+33 and 9 digits) or another international number
 * (+ country code, 8–15 digits in all: +262, +590, +594, +596, +269, +32…).
 */
export function isPhone(phone: string): boolean {
	if (/^0[1-9]\d{8}$/.test(phone)) return true;
	if (phone.startsWith('+33')) return /^\+33[1-9]\d{8}$/.test(phone);
	return /^\+[1-9]\d{7,14}$/.test(phone);
}

const name = (required: string) =>
	z
		.string({ error: required })
		.trim()
		.min(1, { error: required })
		.max(NAME_MAX, { error: 'booking:errors.nameTooLong' })
		.regex(NAME, { error: 'booking:errors.nameChars' });

/** The object shape, for forms that add fields (slot, token…) to the contact fields. */
export const contactShape = {
	nom: name('booking:errors.nom'),
	prenom: name('booking:errors.prenom'),
	email: z.preprocess(
		blankToUndefined,
		z
			.string()
			.max(EMAIL_MAX, { error: 'booking:errors.emailTooLong' })
			.pipe(z.email({ error: 'booking:errors.email' }))
			.optional()
	),
	telephone: z.preprocess(
		blankToUndefined,
		z
			.string()
			.max(PHONE_MAX, { error: 'booking:errors.telephoneTooLong' })
			.transform(normalizePhone)
			.refine(isPhone, { error: 'booking:errors.telephone' })
			.optional()
	),
	nir: z.preprocess(
		blankToUndefined,
		z
			.string()
			.max(NIR_INPUT_MAX, { error: 'booking:errors.nir' })
			.refine(isValidNir, { error: 'booking:errors.nir' })
			.transform(normalizeNir)
			.optional()
	),
	message: z.preprocess(
		blankToUndefined,
		z.string().max(MESSAGE_MAX, { error: 'booking:errors.messageTooLong' }).optional()
	),
	shareResult: z.enum(['oui', 'non'], { error: 'booking:errors.shareResult' }).default('non'),
	/** "No SMS" ticked (ADR 041): a checkbox posts `oui` or nothing. */
	smsRefus: z.preprocess(
		blankToUndefined,
		z.enum(['oui'], { error: 'booking:errors.form' }).optional()
	),
	departement: z
		.string({ error: 'booking:errors.departement' })
		.refine((code) => departementCodes.includes(code), { error: 'booking:errors.departement' }),
	/**
	 * "May the service social ask you in 6 months where you stand?" (ADR 045): optional,
	 * unticked; a checkbox posts `oui` or nothing.
	 */
	suiviConsent: z.preprocess(
		blankToUndefined,
		z.enum(['oui'], { error: 'booking:errors.form' }).optional()
	),
	/** Honeypot: hidden from people, filled by robots. */
	website: z.preprocess(
		(value) => value ?? '',
		z.string().max(0, { error: 'booking:errors.honeypot' })
	)
};

/** At least one way to reach the person: the message goes on both fields. */
export function requireReachable(
	data: { email?: unknown; telephone?: unknown },
	ctx: z.RefinementCtx
): void {
	if (data.email === undefined && data.telephone === undefined) {
		for (const path of ['email', 'telephone']) {
			ctx.addIssue({ code: 'custom', path: [path], message: 'booking:errors.reachable' });
		}
	}
}

/**
 * The way to reach the person that the mode of the rendez-vous needs (`reachRuleFor`): a phone
 * number for a phone rendez-vous, an e-mail address for a video one (each with its own
 * message, on its one field), at least one of the two otherwise.
 */
export function requireReachableFor(
	data: { mode?: Mode; email?: unknown; telephone?: unknown },
	ctx: z.RefinementCtx
): void {
	const rule = reachRuleFor(data.mode);
	if (rule === 'telephone' && data.telephone === undefined) {
		ctx.addIssue({
			code: 'custom',
			path: ['telephone'],
			message: 'booking:errors.telephoneForPhone'
		});
	} else if (rule === 'email' && data.email === undefined) {
		ctx.addIssue({ code: 'custom', path: ['email'], message: 'booking:errors.emailForVisio' });
	} else if (rule === 'either') requireReachable(data, ctx);
}

/** The contact form (booking and callback request). */
export const contactSchema = z.object(contactShape).superRefine(requireReachable);

export type ContactForm = z.output<typeof contactSchema>;
