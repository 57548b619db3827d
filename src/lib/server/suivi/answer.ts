/**
 * Answering the follow-up (ADR 045): the person through their one-time link (no login), or a
 * staff member after a phone call. One zod schema for both; the answer is stored on the
 * demande's `suivis` row with the version of the questions. "Souhaitez-vous être
 * recontacté(e) ?" opens a callback demande in the same département.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '$lib/server/db/index';
import {
	demandes,
	evenements,
	inscriptions,
	suivis,
	type Demande,
	type Evenement,
	type Inscription,
	type Suivi
} from '$lib/server/db/schema';
import type { BookingService } from '$lib/server/booking/service';
import type { CallbackInput } from '$lib/server/booking/types';
import { evenementDepartement, evenementRecall } from './job';
import type { Locale } from '$lib/i18n/config';
import { newManageToken } from '$lib/server/booking/service';
import type { FormShape } from '$lib/server/forms';
import { ok, refused, transact, type Result } from '$lib/server/result';
import { hashToken, looksLikeToken } from '$lib/server/tokens';
import { sourceSchema } from '$lib/questionnaire/schemas';
import { SUIVI_VERSION, type Situation } from '$lib/suivi/situation';
import {
	suiviArrets,
	suiviEmplois,
	suiviFormations,
	suiviInvalidites,
	suiviRecherches
} from '$lib/vocabulary';

export const SUIVI_COMMENT_MAX = 1000;

const answerShape = {
	arret: z.enum(suiviArrets, { error: 'suivi:errors.arret' }),
	emploi: z.enum(suiviEmplois, { error: 'suivi:errors.emploi' }),
	formation: z.enum(suiviFormations, { error: 'suivi:errors.form' }).default('non'),
	recherche: z.enum(suiviRecherches, { error: 'suivi:errors.form' }).default('non'),
	invalidite: z.enum(suiviInvalidites, { error: 'suivi:errors.form' }).default('non'),
	/** The "other situations" checkboxes (a list: retired, other). */
	autres: z.array(z.enum(['retraite', 'autre'], { error: 'suivi:errors.form' })).default([]),
	comment: z.preprocess(
		(value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
		z.string().max(SUIVI_COMMENT_MAX, { error: 'suivi:errors.commentTooLong' }).optional()
	)
};

/** The person's form: the situation, a comment, and whether they want to be called back. */
const onlineSchema = z.object({
	...answerShape,
	rappel: z.enum(['oui', 'non'], { error: 'suivi:errors.form' }).default('non')
});
/** The staff's form after a phone call: the same situation and comment. */
const phoneSchema = z.object(answerShape);

const ANSWER_FIELDS = [
	'arret',
	'emploi',
	'formation',
	'recherche',
	'invalidite',
	'comment'
] as const;

export const onlineForm = {
	form: 'suivi',
	schema: onlineSchema,
	fields: [...ANSWER_FIELDS, 'rappel'],
	lists: ['autres'],
	maxItems: 2,
	maxLength: 2000,
	echo: [...ANSWER_FIELDS, 'rappel'],
	invalidKey: 'suivi:errors.form'
} satisfies FormShape<typeof onlineSchema>;

export const phoneForm = {
	form: 'suivi',
	schema: phoneSchema,
	fields: ANSWER_FIELDS,
	lists: ['autres'],
	maxItems: 2,
	maxLength: 2000,
	echo: ANSWER_FIELDS,
	invalidKey: 'suivi:errors.form'
} satisfies FormShape<typeof phoneSchema>;

export type PhoneAnswer = z.output<typeof phoneSchema>;
type Answer = PhoneAnswer;

/** The situation and comment columns of an answer. */
function answerColumns(form: Answer) {
	const situation: Situation = {
		arret: form.arret,
		emploi: form.emploi,
		formation: form.formation,
		recherche: form.recherche,
		invalidite: form.invalidite,
		retraite: form.autres.includes('retraite'),
		autre: form.autres.includes('autre')
	};
	return { ...situation, version: SUIVI_VERSION, comment: form.comment ?? null };
}

/** Whose follow-up it is: a demande's, or a registration's to an évènement (ADR 045 addendum). */
export type SuiviOwner =
	| { kind: 'demande'; demande: Demande }
	| { kind: 'inscription'; inscription: Inscription; evenement: Evenement; departement: string };

/** A follow-up link's state: to answer, or no more (expired or answered: one page says both). */
export type LinkState = { suivi: Suivi; owner: SuiviOwner; open: boolean };

/**
 * The follow-up of a link's token. Unknown or malformed: 404. Expired, answered, its consent
 * withdrawn or its demande anonymised: not open (the page says the link no longer works,
 * without telling which).
 */
export async function suiviOfLink(
	db: Executor,
	token: string,
	now: Date
): Promise<Result<LinkState>> {
	if (!looksLikeToken(token)) return refused('suivi:link.notFound', 404);
	const [row] = await db
		.select({
			suivi: suivis,
			demande: demandes,
			inscription: inscriptions,
			evenement: evenements,
			departement: evenementDepartement
		})
		.from(suivis)
		.leftJoin(demandes, eq(suivis.demandeId, demandes.id))
		.leftJoin(inscriptions, eq(suivis.inscriptionId, inscriptions.id))
		.leftJoin(evenements, eq(inscriptions.evenementId, evenements.id))
		.where(eq(suivis.tokenHash, hashToken(token)));
	const owner: SuiviOwner | null = row?.demande
		? { kind: 'demande', demande: row.demande }
		: row?.inscription && row.evenement
			? {
					kind: 'inscription',
					inscription: row.inscription,
					evenement: row.evenement,
					departement: row.departement
				}
			: null;
	if (!row || !owner) return refused('suivi:link.notFound', 404);
	const withdrawn =
		owner.kind === 'demande'
			? owner.demande.anonymisedAt !== null || owner.demande.suiviConsentWithdrawnAt !== null
			: owner.inscription.suiviConsentWithdrawnAt !== null;
	const open =
		row.suivi.answeredAt === null &&
		row.suivi.expiresAt !== null &&
		row.suivi.expiresAt.getTime() > now.getTime() &&
		!withdrawn;
	return ok({ suivi: row.suivi, owner, open });
}

/** What the page recalls: the demande's reference, or the évènement's title and date. */
export function linkIntro(
	owner: SuiviOwner,
	locale: Locale
): { kind: 'demande'; reference: string } | { kind: 'evenement'; title: string; date: string } {
	if (owner.kind === 'demande') return { kind: 'demande', reference: owner.demande.reference };
	return { kind: 'evenement', ...evenementRecall(owner.evenement, locale) };
}

/** The callback demande an answer opens: the person's département, contact and language. */
function callbackOf(owner: SuiviOwner): Omit<CallbackInput, 'token' | 'sansCreneau'> {
	if (owner.kind === 'demande') {
		const { demande } = owner;
		const source = sourceSchema.safeParse(demande.source);
		return {
			departementCode: demande.departementCode,
			source: source.success ? source.data : 'moi_meme',
			contact: {
				nom: demande.nom,
				prenom: demande.prenom,
				email: demande.email,
				telephone: demande.telephone,
				nir: null,
				message: null,
				smsRefused: demande.smsRefused
			},
			share: null,
			locale: demande.locale
		};
	}
	// A registration has one name field (a name or a pseudonym): it is the greeting's name.
	const { inscription, evenement, departement } = owner;
	return {
		departementCode: departement,
		source: 'moi_meme',
		contact: {
			nom: '',
			prenom: inscription.name,
			email: inscription.email,
			telephone: inscription.telephone,
			nir: null,
			message: null,
			smsRefused: inscription.smsRefused
		},
		share: null,
		locale: inscription.locale,
		evenementId: evenement.id
	};
}

/**
 * Records the person's answer through their link, once; with `rappel=oui`, opens a callback
 * demande for them (their département, contact and language; acknowledged with its own
 * manage link). Its value says whether a callback was opened.
 */
export async function answerOnline(
	db: Db,
	service: BookingService,
	token: string,
	form: z.output<typeof onlineSchema>,
	now: Date
): Promise<Result<{ callback: boolean }>> {
	const answered = await transact(db, async (tx) => {
		const link = await suiviOfLink(tx, token, now);
		if (!link.ok) return link;
		if (!link.value.open) return refused('suivi:link.expiredText', 409);
		await tx
			.update(suivis)
			.set({
				...answerColumns(form),
				channel: 'online',
				answeredAt: now,
				sealedToken: null,
				wantsCallback: form.rappel === 'oui'
			})
			.where(and(eq(suivis.id, link.value.suivi.id), isNull(suivis.answeredAt)));
		return ok(link.value);
	});
	if (!answered.ok) return answered;
	if (form.rappel !== 'oui') return ok({ callback: false });
	const { owner, suivi } = answered.value;
	await openCallback(db, service, owner, suivi.id);
	return ok({ callback: true });
}

/**
 * Opens the callback demande an answer asked for (« souhaitez-vous être recontacté(e) ? »):
 * the person's département, contact and language, acknowledged with its own manage link.
 */
export async function openCallback(
	db: Db,
	service: BookingService,
	owner: SuiviOwner,
	suiviId: number
): Promise<void> {
	const callback = await service.requestCallback({
		...callbackOf(owner),
		token: newManageToken(),
		sansCreneau: false
	});
	await db
		.update(suivis)
		.set({ callbackDemandeId: callback.demande.id })
		.where(eq(suivis.id, suiviId));
}

/** The follow-up's owner as its `suivis` row names it: a demande or a registration. */
export type SuiviOwnerId = { demandeId: number } | { inscriptionId: number };

/**
 * A staff member records the follow-up obtained by phone (for a demande any time, whatever
 * the consent: the person answered the call; a registration's caller checks its consent). An
 * answer already given is not overwritten; a link sent is spent. `rappel` (a registration's
 * form) records the wish to be called back; the caller opens the callback (`openCallback`).
 * Its value is the follow-up's id.
 */
export async function recordByPhone(
	db: Db,
	owner: SuiviOwnerId,
	staffId: number,
	form: Answer & { rappel?: 'oui' | 'non' },
	now: Date
): Promise<Result<number>> {
	return transact(db, async (tx) => {
		const [existing] = await tx
			.select()
			.from(suivis)
			.where(
				'demandeId' in owner
					? eq(suivis.demandeId, owner.demandeId)
					: eq(suivis.inscriptionId, owner.inscriptionId)
			);
		if (existing?.answeredAt) return refused('suivi:staff.alreadyAnswered', 409);
		const columns = {
			...answerColumns(form),
			channel: 'telephone' as const,
			recordedBy: staffId,
			answeredAt: now,
			sealedToken: null,
			wantsCallback: form.rappel === 'oui'
		};
		if (existing) {
			await tx.update(suivis).set(columns).where(eq(suivis.id, existing.id));
			return ok(existing.id);
		}
		const [created] = await tx
			.insert(suivis)
			.values({ ...owner, createdAt: now, ...columns })
			.returning({ id: suivis.id });
		return ok(created!.id);
	});
}
