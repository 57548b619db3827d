/**
 * Outreach campaigns (ADR 044, docs/campagnes.md): the code carried by a campaign's link, the
 * campaign form, when a link still attributes. Pure: no server, no clock (pass `today`).
 */
import { z } from 'zod';
import { departementCodes } from '../departements/data';
import { CAMPAGNE_CODE_ALPHABET, CAMPAGNE_CODE_LENGTH, CAMPAGNE_GRACE_DAYS } from '../vocabulary';

const CODE_PATTERN = new RegExp(`^[${CAMPAGNE_CODE_ALPHABET}]{${CAMPAGNE_CODE_LENGTH}}$`);

/** A code as typed or scanned (any case, spaces around) → its stored form, or undefined. */
export function parseCode(raw: string | null | undefined): string | undefined {
	if (raw == null || raw.length > 40) return undefined;
	const code = raw.trim().toUpperCase();
	return CODE_PATTERN.test(code) ? code : undefined;
}

/** A new code from random bytes (at least CAMPAGNE_CODE_LENGTH of them). Not a secret. */
export function codeFrom(bytes: Uint8Array): string {
	let code = '';
	for (let i = 0; i < CAMPAGNE_CODE_LENGTH; i++)
		code += CAMPAGNE_CODE_ALPHABET[(bytes[i] ?? 0) % CAMPAGNE_CODE_ALPHABET.length];
	return code;
}

/** The path of a campaign's link, with the département of the letter when there is one. */
export const campagnePath = (code: string, departement?: string | null): string =>
	departement ? `/c/${code}/${departement}` : `/c/${code}`;

/** The full link printed on a letter or put in a message; `base` is the portal's public URL. */
export const campagneUrl = (base: string, code: string, departement?: string | null): string =>
	base.replace(/\/+$/, '') + campagnePath(code, departement);

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` plus `days` days. */
export function addDays(isoDate: string, days: number): string {
	return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Whether a campaign's link still attributes on `today` (YYYY-MM-DD): until CAMPAGNE_GRACE_DAYS
 * after its period, a letter being answered weeks after it arrives. Before its period too: a
 * letter tried out before it is sent is counted with the campaign.
 */
export const attributesOn = (campagne: { endsOn: string }, today: string): boolean =>
	today <= addDays(campagne.endsOn, CAMPAGNE_GRACE_DAYS);

const isoDate = (key: string) =>
	z
		.string({ error: key })
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: key })
		.refine(
			(value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value,
			{
				error: key
			}
		);

/** The campaign form (create and edit). */
export const campagneFormSchema = z
	.object({
		name: z
			.string({ error: 'campagnes:errors.name' })
			.trim()
			.min(1, { error: 'campagnes:errors.name' })
			.max(120, { error: 'campagnes:errors.name' }),
		target: z
			.string({ error: 'campagnes:errors.target' })
			.trim()
			.max(300, { error: 'campagnes:errors.target' })
			.default(''),
		startsOn: isoDate('campagnes:errors.startsOn'),
		endsOn: isoDate('campagnes:errors.endsOn'),
		departements: z
			.array(
				z.string().refine((code) => departementCodes.includes(code), {
					error: 'campagnes:errors.departements'
				})
			)
			.min(1, { error: 'campagnes:errors.departements' })
			.max(departementCodes.length, { error: 'campagnes:errors.departements' })
			.transform((codes) => [...new Set(codes)].sort())
	})
	.refine((form) => form.endsOn >= form.startsOn, {
		error: 'campagnes:errors.period',
		path: ['endsOn']
	});
export type CampagneForm = z.output<typeof campagneFormSchema>;

/** Letters sent for one département of a campaign: a whole number, or empty (not known). */
export const lettersSentSchema = z.object({
	departement: z
		.string({ error: 'campagnes:errors.departements' })
		.refine((code) => departementCodes.includes(code), { error: 'campagnes:errors.departements' }),
	lettersSent: z.preprocess(
		(value) => (typeof value === 'string' && value.trim() === '' ? null : value),
		z.coerce
			.number({ error: 'campagnes:errors.lettersSent' })
			.int({ error: 'campagnes:errors.lettersSent' })
			.min(0, { error: 'campagnes:errors.lettersSent' })
			.max(10_000_000, { error: 'campagnes:errors.lettersSent' })
			.nullable()
	)
});
