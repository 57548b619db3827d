/**
 * The public forms of the évènement pages (ADR 030 frame): the registration form's shape and
 * use case over the process-wide database, and the manage page's actions.
 */
import {
	inscriptionFieldNames,
	inscriptionSchema,
	type InscriptionForm
} from '$lib/evenements/inscription-form';
import { getDb } from '$lib/server/db/client';
import type { FormShape } from '$lib/server/forms';
import { ok, refused, type Result } from '$lib/server/result';
import { messagesConfigFromEnv } from './messages';
import { cancelInscription, eraseInscription, inscriptionByToken, register } from './registration';
import { looksLikeToken } from '$lib/server/tokens';

export const inscriptionForm = {
	form: 'inscription',
	schema: inscriptionSchema,
	fields: inscriptionFieldNames,
	maxLength: 1000,
	echo: [
		'name',
		'email',
		'telephone',
		'places',
		'participantKind',
		'contactConsent',
		'smsRefus',
		'suiviConsent'
	],
	invalidKey: 'evenements:errors.form'
} satisfies FormShape<typeof inscriptionSchema>;

/** Registers the posted form; its value is the manage token (the page to go to). */
export async function registerFromForm(
	evenementId: number,
	form: InscriptionForm,
	locale: string,
	campagneId: number | null,
	now: Date = new Date()
): Promise<Result<string>> {
	const outcome = await register(
		getDb(),
		messagesConfigFromEnv(),
		{
			evenementId,
			token: form.token,
			name: form.name,
			email: form.email,
			telephone: form.telephone,
			places: form.places,
			participantKind: form.participantKind,
			locale,
			smsRefused: form.smsRefus,
			contactConsent: form.contactConsent,
			suiviConsent: form.suiviConsent,
			source: form.code ? 'invitation' : form.source,
			code: form.code,
			campagneId
		},
		now
	);
	return outcome.ok ? ok(form.token) : outcome;
}

/** The registration of a manage link, or a 404 refusal (existence never revealed). */
export async function inscriptionOfLink(token: string) {
	const found = looksLikeToken(token) ? await inscriptionByToken(getDb(), token) : undefined;
	return found ? ok(found) : refused('evenements:manage.notFound', 404);
}

export const cancelFromLink = (token: string, now: Date = new Date()) =>
	cancelInscription(getDb(), messagesConfigFromEnv(), token, now);
export const eraseFromLink = (token: string, now: Date = new Date()) =>
	eraseInscription(getDb(), messagesConfigFromEnv(), token, now);
