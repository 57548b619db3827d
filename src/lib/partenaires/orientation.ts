/**
 * The orientation form (docs/partenaires.md, ADR 016): a professional asks the service social to contact a
 * person, with the person's agreement. One zod schema at module scope, used by the form
 * action (authoritative) and the tests. The person's fields and the professional's name,
 * e-mail and phone reuse the booking form's rules (booking/contact.ts) so that a name or a
 * phone number valid there is valid here; their `booking:` messages are mapped to this
 * form's `partenaires:` messages by `orientationErrors`.
 */
import { z } from 'zod';
import { contactShape, requireReachable, personLimits, EMAIL_MAX } from '../booking/contact';
import { partnerTypeSchema } from './links';

/** The reason: short, and without medical details (the hint says so). */
export const MOTIF_MAX = 500;
export const STRUCTURE_MAX = 120;

export const orientationLimits = { ...personLimits, motif: MOTIF_MAX, structure: STRUCTURE_MAX };

/** The posted fields (`website` is the honeypot, `token` the idempotency key drawn with the form). */
export const orientationFieldNames = [
	'type',
	'proNom',
	'proStructure',
	'proEmail',
	'proTelephone',
	'nom',
	'prenom',
	'email',
	'telephone',
	'departement',
	'motif',
	'accord',
	'website',
	'token'
] as const;

const blankToUndefined = (value: unknown) =>
	typeof value === 'string' && value.trim() === '' ? undefined : value;

export const orientationShape = {
	type: partnerTypeSchema,
	proNom: contactShape.nom,
	proStructure: z.preprocess(
		blankToUndefined,
		z
			.string()
			.trim()
			.max(STRUCTURE_MAX, { error: 'partenaires:errors.structureTooLong' })
			.optional()
	),
	/** Required: the acknowledgement goes there (same rules as the booking form's e-mail). */
	proEmail: z
		.string({ error: 'partenaires:errors.proEmail' })
		.trim()
		.min(1, { error: 'partenaires:errors.proEmail' })
		.max(EMAIL_MAX, { error: 'partenaires:errors.emailTooLong' })
		.pipe(z.email({ error: 'partenaires:errors.email' })),
	proTelephone: contactShape.telephone,
	nom: contactShape.nom,
	prenom: contactShape.prenom,
	email: contactShape.email,
	telephone: contactShape.telephone,
	departement: contactShape.departement,
	motif: z
		.string({ error: 'partenaires:errors.motif' })
		.trim()
		.min(1, { error: 'partenaires:errors.motif' })
		.max(MOTIF_MAX, { error: 'partenaires:errors.motifTooLong' }),
	/** The mandatory statement that the person agreed to be contacted. */
	accord: z.literal('oui', { error: 'partenaires:errors.accord' }),
	website: contactShape.website
};

/** The orientation form: at least one way to reach the person (e-mail or phone). */
export const orientationSchema = z.object(orientationShape).superRefine(requireReachable);

/** The reused booking messages, as this form's own keys (same meaning, the `partenaires` namespace). */
const MAPPED = new Set([
	'nameTooLong',
	'nameChars',
	'email',
	'emailTooLong',
	'telephone',
	'telephoneTooLong',
	'departement',
	'honeypot',
	'reachable'
]);

/**
 * `{ field: messageKey }` of a failed parse, every key in the `partenaires` namespace: a
 * missing name says which name (`proNom`, `nom`, `prenom`); anything unexpected is `form`.
 */
export function orientationErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		if (errors[field]) continue;
		const message = issue.message;
		if (message.startsWith('partenaires:errors.')) errors[field] = message;
		else if (message.startsWith('booking:errors.')) {
			const key = message.slice('booking:errors.'.length);
			errors[field] = MAPPED.has(key)
				? `partenaires:errors.${key}`
				: key === 'nom' || key === 'prenom'
					? `partenaires:errors.${field}`
					: 'partenaires:errors.form';
		} else errors[field] = 'partenaires:errors.form';
	}
	return errors;
}
