/**
 * The registration form of an évènement (ADR 043): one zod schema at module scope. Minimal
 * data: a name or pseudonym, an e-mail or a phone, seats, who registers, consents. No health
 * data is asked. Messages are locale keys of the `evenements` namespace.
 */
import { z } from 'zod';
import { EMAIL_MAX, isPhone, NAME_MAX, normalizePhone, PHONE_MAX } from '../booking/contact';
import {
	inscriptionSources,
	MAX_PLACES_PER_INSCRIPTION,
	participantKinds,
	type InscriptionSource
} from '../vocabulary';

const blank = (value: unknown) =>
	typeof value === 'string' && value.trim() === '' ? undefined : value;
const checkbox = z.preprocess(blank, z.enum(['oui']).optional()).transform((v) => v === 'oui');

export const inscriptionFieldNames = [
	'name',
	'email',
	'telephone',
	'places',
	'participantKind',
	'consent',
	'contactConsent',
	'smsRefus',
	'suiviConsent',
	'source',
	'code',
	'token',
	'website'
] as const;

export const inscriptionSchema = z
	.object({
		name: z
			.string({ error: 'evenements:errors.name' })
			.trim()
			.min(1, { error: 'evenements:errors.name' })
			.max(NAME_MAX, { error: 'evenements:errors.nameTooLong' })
			// No markup or control characters in a name shown to staff and in e-mails.
			.regex(/^[^<>\p{Cc}]+$/u, { error: 'evenements:errors.nameChars' }),
		email: z.preprocess(
			blank,
			z
				.string()
				.trim()
				.max(EMAIL_MAX, { error: 'evenements:errors.email' })
				.pipe(z.email({ error: 'evenements:errors.email' }))
				.optional()
		),
		telephone: z.preprocess(
			blank,
			z
				.string()
				.max(PHONE_MAX, { error: 'evenements:errors.telephone' })
				.transform(normalizePhone)
				.refine(isPhone, { error: 'evenements:errors.telephone' })
				.optional()
		),
		places: z.preprocess(
			(value) => blank(value) ?? '1',
			z.coerce
				.number({ error: 'evenements:errors.places' })
				.int({ error: 'evenements:errors.places' })
				.min(1, { error: 'evenements:errors.places' })
				.max(MAX_PLACES_PER_INSCRIPTION, { error: 'evenements:errors.places' })
		),
		participantKind: z.preprocess(
			(value) => blank(value) ?? 'assure',
			z.enum(participantKinds, { error: 'evenements:errors.participantKind' })
		),
		consent: z.literal('oui', { error: 'evenements:errors.consent' }),
		contactConsent: checkbox,
		smsRefus: checkbox,
		/** The optional consent to the 6-month follow-up (ADR 045 addendum), unticked. */
		suiviConsent: checkbox,
		source: z.preprocess(
			blank,
			z
				.enum(inscriptionSources)
				.optional()
				.catch(undefined)
				.transform((s): InscriptionSource => s ?? 'direct')
		),
		code: z.preprocess(blank, z.string().max(20).optional()),
		token: z
			.string({ error: 'evenements:errors.form' })
			.regex(/^[a-z2-7]{32}$/, { error: 'evenements:errors.form' }),
		/** Honeypot: hidden from people, filled by robots. */
		website: z.preprocess(
			(value) => value ?? '',
			z.string().max(0, { error: 'evenements:errors.form' })
		)
	})
	.superRefine((data, ctx) => {
		if (data.email === undefined && data.telephone === undefined) {
			for (const path of ['email', 'telephone'])
				ctx.addIssue({ code: 'custom', path: [path], message: 'evenements:errors.reachable' });
		}
	});

export type InscriptionForm = z.output<typeof inscriptionSchema>;
