/**
 * Server helpers shared by the booking pages: query and form parsing, what a page may show
 * of a slot, a département or a draft. Every load and action validates its own input with
 * these; nothing here trusts the browser.
 */
import { error, type Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import { departementByCode, departementCodes, organismeOf } from '$lib/departements/data';
import { variantFor, type Source } from '$lib/questionnaire/definition';
import { profileSchema, sourceSchema } from '$lib/questionnaire/schemas';
import { parseAnswers } from '$lib/scoring/validate';
import { modes, type QuestionnaireDraft } from '$lib/server/db/schema';
import { rememberedSource } from '$lib/server/questionnaire/source';
import { looksLikeToken } from '$lib/server/tokens';
import { formValues } from '$lib/server/forms';
import type { Contact, OfferedSlot, SharedResult } from '$lib/server/booking/service';
import type { ContactForm } from '$lib/booking/contact';
import { parseSlotValue, slotValue, type SlotView } from '$lib/booking/slot-view';

export const departementSchema = z
	.string({ error: 'booking:errors.departement' })
	.refine((code) => departementCodes.includes(code), { error: 'booking:errors.departement' });
export const modeSchema = z.enum(modes, { error: 'booking:errors.mode' });
/** The manage-link token drawn when a form is shown (ADR 005 shape). */
export const tokenSchema = z
	.string({ error: 'booking:errors.form' })
	.refine(looksLikeToken, { error: 'booking:errors.form' });
export const slotSchema = z.string({ error: 'booking:errors.slot' }).transform((value, ctx) => {
	const slot = parseSlotValue(value);
	if (!slot) {
		ctx.addIssue({ code: 'custom', message: 'booking:errors.slot' });
		return z.NEVER;
	}
	return slot;
});

/** The département and mode of the slot pages' query string. */
export const slotQuerySchema = z.object({ departement: departementSchema, mode: modeSchema });

/**
 * The query string parsed with `schema`, or a 400 page saying what is wrong in plain words
 * (the booking error page translates `booking:errorPage.*` keys).
 */
export function parseQuery<T extends z.ZodType>(
	url: URL,
	schema: T,
	names: readonly string[]
): z.output<T> {
	const raw = Object.fromEntries(
		names.map((name) => [name, url.searchParams.get(name) ?? undefined])
	);
	const parsed = schema.safeParse(raw);
	if (!parsed.success) error(400, 'booking:errorPage.query');
	return parsed.data;
}

/** Posted fields as strings, not truncated: the schemas bound them. */
export const readForm = (data: FormData, names: readonly string[]) => formValues(data, names);

/** What a failed form sends back to be shown again: never the NIR, nor the honeypot. */
export function echoValues(
	raw: Record<string, string | undefined>
): Record<string, string | undefined> {
	const values: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (name === 'nir' || name === 'website' || name === 'token') continue;
		values[name] = value?.slice(0, name === 'message' ? 1000 : 300);
	}
	return values;
}

export function toSlotView(slot: OfferedSlot): SlotView {
	return {
		value: slotValue(slot.agendaId, slot.start),
		start: slot.start.toISOString(),
		date: slot.date,
		point: slot.pointAccueil
			? {
					id: slot.pointAccueil.id,
					name: slot.pointAccueil.name,
					address: slot.pointAccueil.address,
					accessibility: slot.pointAccueil.accessibility,
					isDemo: slot.pointAccueil.isDemo
				}
			: null
	};
}

/** The public facts of a département a page shows (code checked by the caller). */
export function departementView(code: string): {
	code: string;
	name: string;
	organisme: string;
	timeZone: string;
} {
	const departement = departementByCode(code);
	if (!departement) error(400, 'booking:errorPage.query');
	return {
		code,
		name: departement.name,
		organisme: organismeOf(departement).publicName,
		timeZone: departement.timeZone
	};
}

export const departementOptions = () =>
	departementCodes.map((code) => ({ code, name: departementByCode(code)?.name ?? code }));

/** Whether the visitor has a completed questionnaire they could send (the consent question). */
export function canShare(draft: QuestionnaireDraft | undefined): boolean {
	return sharedResult(draft) !== null;
}

/** The questionnaire to attach to a demande (call it only with the person's consent). */
export function sharedResult(draft: QuestionnaireDraft | undefined): SharedResult | null {
	if (!draft?.completedAt || !draft.result) return null;
	const profile = profileSchema.safeParse(draft.profile);
	if (!profile.success) return null;
	const answers = parseAnswers(
		draft.answers,
		variantFor(profile.data.statut, draft.questionnaireVersion)
	);
	if (!answers.success) return null;
	return {
		questionnaireVersion: draft.questionnaireVersion,
		profile: profile.data,
		answers: answers.data,
		result: draft.result
	};
}

/** How the person heard of the portal: their questionnaire's answer, the entry link, or "moi-même". */
export function sourceOf(draft: QuestionnaireDraft | undefined, cookies: Cookies): Source {
	const fromDraft = sourceSchema.safeParse(draft?.profile.source);
	return fromDraft.success ? fromDraft.data : (rememberedSource(cookies) ?? 'moi_meme');
}

/** The département to pre-fill: a valid one from the query, else the questionnaire's. */
export function prefilledDepartement(
	url: URL,
	draft: QuestionnaireDraft | undefined
): string | undefined {
	for (const candidate of [url.searchParams.get('departement'), draft?.profile.departement]) {
		if (candidate && departementCodes.includes(candidate)) return candidate;
	}
	return undefined;
}

export function toContact(form: ContactForm): Contact {
	return {
		nom: form.nom,
		prenom: form.prenom,
		email: form.email ?? null,
		telephone: form.telephone ?? null,
		nir: form.nir ?? null,
		message: form.message ?? null,
		smsRefused: form.smsRefus === 'oui'
	};
}
